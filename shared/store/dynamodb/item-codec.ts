/**
 * How the service's records become DynamoDB items and back: the one codec of
 * the single table (`shared/store/table-design.ts` builds every key it uses).
 * A child's partition, read whole or from the register index, is decoded by
 * {@link decodeChildFile} and nothing else.
 */
import type { LateBookingNotice } from '#shared/domain/digest';
import { emptyRecords, initialsOf, type ChildRecords, type ChildStatus, type RecordCollection } from '#shared/domain/records';
import type { OpenTimescale } from '#shared/domain/timescales/types';
import type { AuditEntry, DueEntry, IdempotentAnswer, RecordWrite, StoredChild } from '#shared/store/ports';
import {
  EXPIRES_AT,
  INDEXES,
  ITEM_TYPE,
  RECORD_KINDS,
  RETENTION_DAYS,
  TABLE_KEY,
  childIndexKeys,
  dueIndexKeys,
  expiresAt,
  keys,
  registerIndexKeys,
} from '#shared/store/table-design';

/** A DynamoDB item, as the document client reads and writes it. */
export type Item = Record<string, unknown>;

/** Attributes that belong to the table's design, not to the record. */
const DESIGN_ATTRIBUTES = new Set<string>([TABLE_KEY.partitionKey, TABLE_KEY.sortKey, ITEM_TYPE, EXPIRES_AT, ...INDEXES.flatMap((i) => [i.partitionKey, i.sortKey])]);

const RECORD_PREFIXES = (Object.keys(RECORD_KINDS) as RecordCollection[]).map((collection) => ({ collection, prefix: keys.recordPrefix(collection) }));

/** The profile fields a due-date index entry copies: when one changes, every entry is rewritten. */
export const DUE_ENTRY_FIELDS = ['reference', 'givenName', 'familyName', 'iroEmail', 'teamName', 'teamManagerEmail'] as const;

/** An item's attributes without the table's own (keys, index keys, item type). */
export function withoutDesign(item: Item): Item {
  const result: Item = {};
  for (const [name, value] of Object.entries(item)) if (!DESIGN_ATTRIBUTES.has(name)) result[name] = value;
  return result;
}

/** A child's profile item, with the status flags the list filters read and its place in every index. */
export function childItem(child: StoredChild, status: ChildStatus): Item {
  return {
    ...keys.child(child.childId),
    [ITEM_TYPE]: 'child',
    ...child,
    ...status,
    ...childIndexKeys(child),
    ...registerIndexKeys(child.childId, keys.profileSort),
  };
}

/** The profile alone: the status flags are derived from the records, kept on the item for the list filters. */
export function profileOf(item: Item): StoredChild {
  const { lookedAfter: _lookedAfter, registered: _registered, ...profile } = withoutDesign(item);
  return profile as unknown as StoredChild;
}

/** A child as a list gives it: the profile and its status flags. */
export const listedChildOf = (item: Item) => withoutDesign(item) as unknown as StoredChild & ChildStatus;

/** A record's item, in its child's partition and in the register index. */
export function recordItem(childId: string, write: RecordWrite): Item {
  const recordId = String((write.record as unknown as Item)[RECORD_KINDS[write.collection].idField]);
  const key = keys.record(childId, write.collection, recordId);
  return { ...key, [ITEM_TYPE]: RECORD_KINDS[write.collection].word, ...write.record, ...registerIndexKeys(childId, key.SK) };
}

/** The item that holds a case reference for one child, so that no other can take it. */
export function referenceItem(child: StoredChild): Item {
  return { ...keys.reference(child.reference), [ITEM_TYPE]: 'reference', childId: child.childId };
}

/** An audit trail entry's item. */
export function auditItem(audit: AuditEntry): Item {
  return { ...keys.audit(audit.childId, audit.at, audit.auditId), [ITEM_TYPE]: 'audit', ...audit };
}

/** An idempotent POST's remembered answer, given at `at`: it expires after {@link RETENTION_DAYS}' days. */
export function idempotencyItem(answer: IdempotentAnswer, at: string): Item {
  return { ...keys.idempotency(answer.caller, answer.key), [ITEM_TYPE]: 'idempotency', [EXPIRES_AT]: expiresAt(at, RETENTION_DAYS.idempotency), ...answer };
}

/** A late-booking notice's item, in the partition of the day it was filed: no name, and in no index. */
export function lateBookingNoticeItem(notice: LateBookingNotice): Item {
  const { childId, reference, initials, iroEmail, teamManagerEmail, meetingId, kind, dueDate, bookedFor, lateReason, bookedOn } = notice;
  return {
    ...keys.lateBookingNotice(bookedOn, childId, meetingId),
    [ITEM_TYPE]: 'late-booking',
    // Field by field, so that nothing else a caller put on the object (a name) is ever stored.
    childId, reference, initials, iroEmail, teamManagerEmail, meetingId, kind, dueDate, bookedFor, lateReason, bookedOn,
  };
}

/** The late-booking notice an item holds. */
export const lateBookingNoticeOf = (item: Item) => withoutDesign(item) as unknown as LateBookingNotice;

/** The key of an open timescale's due-date entry. */
export const dueKey = (childId: string, timescale: OpenTimescale) => keys.due(childId, timescale.kind, timescale.countedFrom.recordId);

/**
 * A due-date index entry: what the nightly email and the timescales list need
 * (case reference, initials, who is responsible), never the name.
 */
export function dueItem(child: StoredChild, timescale: OpenTimescale): Item {
  const { childId } = child;
  return {
    ...dueKey(childId, timescale),
    [ITEM_TYPE]: 'due',
    childId,
    kind: timescale.kind,
    dueDate: timescale.dueDate,
    countedFrom: timescale.countedFrom,
    rule: timescale.rule,
    statutory: timescale.statutory,
    ...(timescale.stage ? { stage: timescale.stage } : {}),
    ...(timescale.broughtForwardFrom ? { broughtForwardFrom: timescale.broughtForwardFrom } : {}),
    ...(timescale.halfwayTo ? { halfwayTo: timescale.halfwayTo } : {}),
    ...(timescale.booking ? { booking: timescale.booking } : {}),
    reference: child.reference,
    initials: initialsOf(child),
    iroEmail: child.iroEmail,
    teamName: child.teamName,
    teamManagerEmail: child.teamManagerEmail,
    ...dueIndexKeys(child, timescale.dueDate, timescale.kind),
  };
}

/** The open timescale a due-date entry holds. */
export function timescaleOf(item: Item): OpenTimescale {
  const timescale = { kind: item['kind'], dueDate: item['dueDate'], countedFrom: item['countedFrom'], rule: item['rule'], statutory: item['statutory'] } as OpenTimescale;
  const optional = { stage: item['stage'], broughtForwardFrom: item['broughtForwardFrom'], halfwayTo: item['halfwayTo'], booking: item['booking'] };
  return { ...timescale, ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)) };
}

/** A due-date entry as the lists give it. */
export function dueEntryOf(item: Item): DueEntry {
  const { childId, reference, initials, iroEmail, teamName, teamManagerEmail } = item as Record<string, string>;
  return { ...timescaleOf(item), childId, reference, initials, iroEmail, teamName, teamManagerEmail } as DueEntry;
}

/** Whether two open timescales would make the same due-date entry for the same profile. */
export function sameTimescale(a: OpenTimescale | undefined, b: OpenTimescale): boolean {
  return (
    a !== undefined &&
    a.kind === b.kind &&
    a.dueDate === b.dueDate &&
    a.statutory === b.statutory &&
    a.rule === b.rule &&
    a.stage === b.stage &&
    a.broughtForwardFrom === b.broughtForwardFrom &&
    a.halfwayTo === b.halfwayTo &&
    a.booking?.meetingId === b.booking?.meetingId &&
    a.booking?.bookedFor === b.booking?.bookedFor &&
    a.booking?.lateReason === b.booking?.lateReason &&
    a.countedFrom.event === b.countedFrom.event &&
    a.countedFrom.date === b.countedFrom.date &&
    a.countedFrom.recordId === b.countedFrom.recordId
  );
}

/** What one item of a child's partition is. */
export type PartitionPart = { kind: 'profile' } | { kind: 'record'; collection: RecordCollection } | { kind: 'due' } | { kind: 'other' };

/** What an item of a child's partition holds, by its sort key. */
export function partOf(item: Item): PartitionPart {
  const sk = String(item[TABLE_KEY.sortKey]);
  if (sk === keys.profileSort) return { kind: 'profile' };
  if (sk.startsWith(keys.duePrefix)) return { kind: 'due' };
  const record = RECORD_PREFIXES.find(({ prefix }) => sk.startsWith(prefix));
  return record ? { kind: 'record', collection: record.collection } : { kind: 'other' };
}

/** A child's partition decoded: the profile, the records, and the due-date entries as items. */
export interface DecodedChildFile {
  child: StoredChild;
  records: ChildRecords;
  dueItems: Item[];
}

/**
 * Decodes the items of one child's partition (from the table or the register
 * index; other items are passed over); undefined when its profile is not
 * among them.
 */
export function decodeChildFile(items: readonly Item[]): DecodedChildFile | undefined {
  let child: StoredChild | undefined;
  const records = emptyRecords();
  const dueItems: Item[] = [];
  for (const item of items) {
    const part = partOf(item);
    if (part.kind === 'profile') child = profileOf(item);
    else if (part.kind === 'record') (records[part.collection] as unknown[]).push(withoutDesign(item));
    else if (part.kind === 'due') dueItems.push(item);
  }
  return child ? { child, records, dueItems } : undefined;
}
