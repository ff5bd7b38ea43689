/**
 * Calendar dates and the working-day calendar of England and Wales.
 *
 * @example
 * import { addWorkingDays, addMonths, todayInLondon } from '#shared/domain/calendar/index';
 */
export * from '#shared/domain/calendar/calendar-date';
export * from '#shared/domain/calendar/working-days';
export { BANK_HOLIDAYS, BANK_HOLIDAYS_FIRST_YEAR, BANK_HOLIDAYS_LAST_YEAR } from '#shared/domain/calendar/bank-holidays';
