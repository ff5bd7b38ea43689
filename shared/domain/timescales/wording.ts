/**
 * How a timescale is put into words for people: the same in the nightly email
 * and on the web page. Pure, and free of the calendar, so the page can carry it.
 */
import type { TimescaleKind, TimescaleStage } from '#shared/domain/timescales/types';

/** Each kind of timescale as the email and the page name it. */
export const TIMESCALE_LABELS: Record<TimescaleKind, string> = {
  CER: 'Care Experienced Review (CER)',
  ICPC: 'Initial Child Protection Conference (ICPC)',
  TRANSFER_IN: 'Transfer-in conference',
  RCPC: 'Review Child Protection Conference (RCPC)',
  OUTLINE_PLAN: 'Outline child protection plan circulated',
  CORE_GROUP: 'First core group meeting',
  RECOMMENDATIONS: 'Recommendations sent to the team manager',
  MANAGER_RESPONSE: "Team manager's response to the recommendations",
  MIDPOINT: 'Mid-point review (practice standard)',
};

/** Each stage a timescale can be at before it can be met, as the email and the page say it. */
export const STAGE_LABELS: Record<TimescaleStage, string> = {
  's47-enquiries-under-way': 's47 enquiries under way',
};

/** A timescale's name, with where it stands when that is worth saying: "Initial Child Protection Conference (ICPC): s47 enquiries under way". */
export function timescaleInWords(timescale: { kind: TimescaleKind; stage?: TimescaleStage | undefined }): string {
  return timescale.stage ? `${TIMESCALE_LABELS[timescale.kind]}: ${STAGE_LABELS[timescale.stage]}` : TIMESCALE_LABELS[timescale.kind];
}

/**
 * Working days overdue or left, as people say it.
 *
 * @example
 * workingDaysInWords(-3, true); // '3 working days overdue'
 * workingDaysInWords(1, false); // '1 working day left'
 */
export function workingDaysInWords(workingDaysLeft: number, breached: boolean): string {
  const days = Math.abs(workingDaysLeft);
  const plural = days === 1 ? 'working day' : 'working days';
  if (breached) return workingDaysLeft === 0 ? 'overdue' : `${days} ${plural} overdue`;
  return workingDaysLeft === 0 ? 'due today' : `${days} ${plural} left`;
}
