/**
 * The errors the domain core throws, members of the service's one error
 * family ({@link ServiceError}): each maps to a 4xx in the one HTTP mapping,
 * because a date the calendar cannot count or a month that is not a month is
 * the input's fault, not the service's. A policy that is not valid is the
 * deployment's fault: a 500.
 */
import { InternalError, ServiceError } from '#shared/errors';

/**
 * The base of every error the domain core throws on purpose.
 *
 * @example
 * if (error instanceof DomainError) logger.warn(error.name, { message: error.message });
 */
export abstract class DomainError extends ServiceError {
  readonly status: number = 400;
}

/**
 * A string that is not a real calendar date written `yyyy-mm-dd`
 * (`'2025-02-30'`, `'2025-2-3'`, `'03/02/2025'`).
 *
 * @example
 * parseCalendarDate('2025-02-30'); // throws InvalidCalendarDateError
 */
export class InvalidCalendarDateError extends DomainError {
  readonly code = 'invalid_date';
  /** The value that was given. */
  readonly value: unknown;

  constructor(value: unknown, options: { cause?: unknown } = {}) {
    super(`${JSON.stringify(value)} is not a calendar date written yyyy-mm-dd`, options);
    this.value = value;
  }
}

/**
 * A working-day question about a date outside the years whose bank holidays the
 * calendar knows. The calendar never guesses: refresh the bank holidays
 * (`infra/scripts/refresh-bank-holidays.ts`) to cover more years.
 *
 * @example
 * addWorkingDays('2009-12-01', 5); // throws CalendarRangeError
 */
export class CalendarRangeError extends DomainError {
  readonly code = 'outside_calendar';
  /** The date (given or reached by counting) that lies outside the calendar. */
  readonly date: string;
  /** The first day the calendar covers, `yyyy-mm-dd`. */
  readonly firstDate: string;
  /** The last day the calendar covers, `yyyy-mm-dd`. */
  readonly lastDate: string;

  constructor(date: string, firstDate: string, lastDate: string, detail?: string, options: { cause?: unknown } = {}) {
    const covers = `the working-day calendar knows the bank holidays of England and Wales from ${firstDate} to ${lastDate}`;
    super(detail === undefined ? `${date} is outside the calendar: ${covers}` : `${detail}: ${covers}`, options);
    this.date = date;
    this.firstDate = firstDate;
    this.lastDate = lastDate;
  }
}

/**
 * A month that is not written `yyyy-mm`, or a month given twice to `sumMonths`.
 *
 * @example
 * parseYearMonth('2024-13'); // throws InvalidMonthError
 */
export class InvalidMonthError extends DomainError {
  readonly code = 'invalid_month';
  /** The value that was given. */
  readonly value: unknown;

  constructor(value: unknown, detail = 'is not a month written yyyy-mm', options: { cause?: unknown } = {}) {
    super(`${JSON.stringify(value)} ${detail}`, options);
    this.value = value;
  }
}

/**
 * A timescale policy override that is not valid (an unknown setting, a figure
 * that is not a whole number in range). `issues` lists each problem. The
 * deployment's fault, not a client's: it fails the synth, and a 500 if it ever
 * reached a function.
 *
 * @example
 * parseTimescalePolicy({ icpcWorkingDays: -3 }); // throws InvalidTimescalePolicyError
 */
export class InvalidTimescalePolicyError extends InternalError {
  override readonly code = 'invalid_timescale_policy';
  /** One line per problem, each naming the setting. */
  readonly issues: readonly string[];

  constructor(issues: readonly string[], options: { cause?: unknown } = {}) {
    super(`Invalid timescale policy: ${issues.join('; ')}`, options);
    this.issues = issues;
  }
}
