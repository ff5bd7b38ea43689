/**
 * The errors the domain core throws. Each has a stable `name` so that the one
 * place that maps errors to HTTP answers (or a job's log) can tell them apart.
 */

/**
 * The base of every error the domain core throws on purpose.
 *
 * @example
 * if (error instanceof DomainError) logger.warn(error.name, { message: error.message });
 */
export class DomainError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DomainError';
  }
}

/**
 * A string that is not a real calendar date written `yyyy-mm-dd`
 * (`'2025-02-30'`, `'2025-2-3'`, `'03/02/2025'`).
 *
 * @example
 * parseCalendarDate('2025-02-30'); // throws InvalidCalendarDateError
 */
export class InvalidCalendarDateError extends DomainError {
  /** The value that was given. */
  readonly value: unknown;

  constructor(value: unknown, options?: { cause?: unknown }) {
    super(`${JSON.stringify(value)} is not a calendar date written yyyy-mm-dd`, options);
    this.name = 'InvalidCalendarDateError';
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
  /** The date (given or reached by counting) that lies outside the calendar. */
  readonly date: string;
  /** The first day the calendar covers, `yyyy-mm-dd`. */
  readonly firstDate: string;
  /** The last day the calendar covers, `yyyy-mm-dd`. */
  readonly lastDate: string;

  constructor(date: string, firstDate: string, lastDate: string, detail?: string, options?: { cause?: unknown }) {
    const covers = `the working-day calendar knows the bank holidays of England and Wales from ${firstDate} to ${lastDate}`;
    super(detail === undefined ? `${date} is outside the calendar: ${covers}` : `${detail}: ${covers}`, options);
    this.name = 'CalendarRangeError';
    this.date = date;
    this.firstDate = firstDate;
    this.lastDate = lastDate;
  }
}

/**
 * A timescale policy override that is not valid (an unknown setting, a figure
 * that is not a whole number in range). `issues` lists each problem.
 *
 * @example
 * parseTimescalePolicy({ icpcWorkingDays: -3 }); // throws InvalidTimescalePolicyError
 */
export class InvalidTimescalePolicyError extends DomainError {
  /** One line per problem, each naming the setting. */
  readonly issues: readonly string[];

  constructor(issues: readonly string[], options?: { cause?: unknown }) {
    super(`Invalid timescale policy: ${issues.join('; ')}`, options);
    this.name = 'InvalidTimescalePolicyError';
    this.issues = issues;
  }
}
