/**
 * Routes are in the URL's hash (`#/snapshots/2026-11`), so the deployed page
 * is one file behind CloudFront with no rewrites, and a link can be shared.
 */
import { useEffect, useState } from 'preact/hooks';
import { MEETING_TYPES, type MeetingType } from '#shared/domain/records';
import { ADDABLE_KINDS, KIND, kindOfSegment, type AddableKind, type RecordKind } from './records';

/** What can be done to one of a child's records: correct it, or remove it as entered in error. */
export type RecordAction = 'correct' | 'remove';
/** What can be done to a booked meeting when the day comes: record it as held, or cancel it. */
export type MeetingAction = 'held' | 'cancel';
/** The IRO's list: every timescale, or only the meetings due with nothing booked. */
export type ListFilter = 'not-booked';

export type Route =
  | { name: 'home' }
  | { name: 'timescales'; booking?: ListFilter }
  | { name: 'child'; childId: string }
  /** `#/children/{childId}/disputes/add`: a form for a new record of a kind the page records. */
  | { name: 'add'; childId: string; kind: AddableKind }
  /** `#/children/{childId}/placement-changes/{id}/correct`: a form for one record. */
  | { name: 'record'; action: RecordAction; childId: string; kind: RecordKind; recordId: string }
  /** `#/children/{childId}/timescales/ICPC/book`: book the meeting a timescale needs (or move its booking). */
  | { name: 'book'; childId: string; kind: MeetingType }
  /** `#/children/{childId}/meetings/{meetingId}/held`: record a booked meeting as held, or cancel it. */
  | { name: 'meeting'; action: MeetingAction; childId: string; meetingId: string }
  /** The signed-in IRO's or team manager's calendar feed. */
  | { name: 'calendar' }
  | { name: 'snapshots'; month?: string }
  | { name: 'annual'; year?: number }
  /** `#/iros`: the IRO directory and a form to add an IRO; `#/iros/{email}`: the form changes that IRO's entry. */
  | { name: 'iros'; email?: string }
  | { name: 'not-found' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, ...rest] = parts;
  if (first === 'children' && second && rest.length === 3) {
    const [segment, recordId, action] = rest as [string, string, string];
    if (segment === 'timescales') {
      return action === 'book' && (MEETING_TYPES as readonly string[]).includes(recordId) ? { name: 'book', childId: second, kind: recordId as MeetingType } : { name: 'not-found' };
    }
    if (segment === KIND.meetings.segment && recordId && (action === 'held' || action === 'cancel')) return { name: 'meeting', action, childId: second, meetingId: recordId };
    const kind = kindOfSegment(segment);
    if (kind && recordId && (action === 'correct' || action === 'remove')) return { name: 'record', action, childId: second, kind, recordId };
    return { name: 'not-found' };
  }
  if (first === 'children' && second && rest.length === 2 && rest[1] === 'add') {
    const kind = kindOfSegment(rest[0]!);
    return kind && (ADDABLE_KINDS as readonly string[]).includes(kind) ? { name: 'add', childId: second, kind: kind as AddableKind } : { name: 'not-found' };
  }
  if (rest.length > 0) return { name: 'not-found' };
  if (first === undefined) return { name: 'home' };
  if (first === 'timescales' && second === undefined) return { name: 'timescales' };
  if (first === 'timescales' && second === 'not-booked') return { name: 'timescales', booking: 'not-booked' };
  if (first === 'calendar' && second === undefined) return { name: 'calendar' };
  if (first === 'children' && second) return { name: 'child', childId: second };
  if (first === 'snapshots') {
    if (second === undefined) return { name: 'snapshots' };
    if (/^\d{4}-(0[1-9]|1[0-2])$/.test(second)) return { name: 'snapshots', month: second };
  }
  if (first === 'iros') return second === undefined ? { name: 'iros' } : { name: 'iros', email: second };
  if (first === 'annual') {
    if (second === undefined) return { name: 'annual' };
    if (/^\d{4}$/.test(second)) return { name: 'annual', year: Number(second) };
  }
  return { name: 'not-found' };
}

export const hrefOf = {
  timescales: (booking?: ListFilter) => (booking ? `#/timescales/${booking}` : '#/timescales'),
  child: (childId: string) => `#/children/${encodeURIComponent(childId)}`,
  add: (childId: string, kind: AddableKind) => `#/children/${encodeURIComponent(childId)}/${KIND[kind].segment}/add`,
  record: (action: RecordAction, childId: string, kind: RecordKind, recordId: string) =>
    `#/children/${encodeURIComponent(childId)}/${KIND[kind].segment}/${encodeURIComponent(recordId)}/${action}`,
  book: (childId: string, kind: MeetingType) => `#/children/${encodeURIComponent(childId)}/timescales/${kind}/book`,
  meeting: (action: MeetingAction, childId: string, meetingId: string) =>
    `#/children/${encodeURIComponent(childId)}/${KIND.meetings.segment}/${encodeURIComponent(meetingId)}/${action}`,
  calendar: () => '#/calendar',
  snapshots: (month?: string) => (month ? `#/snapshots/${month}` : '#/snapshots'),
  annual: (year?: number) => (year === undefined ? '#/annual' : `#/annual/${year}`),
  iros: (email?: string) => (email === undefined ? '#/iros' : `#/iros/${encodeURIComponent(email)}`),
};

export const navigate = (href: string) => {
  location.hash = href;
};

/** The current route; re-renders on every change of the hash that is a route (not `#main-content`). */
export function useRoute(): Route {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onChange = () => {
      if (location.hash === '' || location.hash.startsWith('#/')) setHash(location.hash);
    };
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return parseRoute(hash);
}
