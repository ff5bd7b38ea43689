/**
 * The single-table design. Everything about a child lives in one partition
 * (`CHILD#<childId>`), so a child's whole file is one query and every write
 * to a child, with its consequences, is one transaction. The CDK stack and
 * the local stand-in both build the table from these definitions.
 *
 * | access pattern                             | table/index      | key condition                                           | example                                        |
 * | ------------------------------------------ | ---------------- | ------------------------------------------------------- | ---------------------------------------------- |
 * | a child's file: profile, records, due      | table            | PK = CHILD#<childId>, SK begins_with CHILD              | PK=CHILD#7f3c…                                 |
 * | a child's profile                          | table            | PK = CHILD#<childId>, SK = CHILD                        | SK=CHILD                                       |
 * | claim a case reference (unique)            | table            | PK = REFERENCE#<reference>, SK = REFERENCE              | PK=REFERENCE#C-104233                          |
 * | a child's audit trail, oldest first        | table            | PK = CHILD#<childId>, SK begins_with AUDIT#             | SK=AUDIT#2026-11-23T09:14:03.120Z#…            |
 * | an idempotent POST's first answer          | table            | PK = IDEMPOTENCY#<caller>#<key>, SK = IDEMPOTENCY       | PK=IDEMPOTENCY#iro.one@…#4d1e…                 |
 * | everything due by a date (nightly job)     | DueDateIndex     | dueShard = DUE#<nn>, dueOn <= <date>~, one query a shard | dueShard=DUE#07, dueOn<=2026-12-07~            |
 * | an IRO's children, by reference            | IroIndex         | iroKey = IRO#<email>, iroSort begins_with CHILD#        | iroKey=IRO#iro.one@example.org                 |
 * | an IRO's open timescales, soonest first    | IroIndex         | iroKey = IRO#<email>, iroSort between DUE# and DUE#<d>~ | iroSort<=DUE#2026-12-07~                       |
 * | a team manager's children / timescales     | TeamManagerIndex | tmKey = TM#<email>, tmSort as for IroIndex              | tmKey=TM#tm.north@example.org                  |
 * | every child, by reference (managers)       | ChildrenIndex    | listShard = CHILDREN#<nn>, one shard after another      | listShard=CHILDREN#03                          |
 * | every profile and record (monthly figures) | RegisterIndex    | registerShard = REGISTER#<nn>, one query a shard        | registerShard=REGISTER#05                      |
 * | a month's snapshot, a revision             | table            | PK = SNAPSHOT#<yyyy-mm>, SK = REV#<nnnn>                | SK=REV#0002                                    |
 * | a month's latest revision                  | table            | PK = SNAPSHOT#<yyyy-mm>, last SK begins_with REV#       | PK=SNAPSHOT#2026-10, descending, limit 1       |
 * | the months that have snapshots             | table            | PK = SNAPSHOTS, SK = <yyyy-mm>                          | SK=2026-10                                     |
 * | the IRO directory, by email                | table            | PK = IROS, SK begins_with IRO#                          | PK=IROS                                        |
 * | an IRO's directory entry                   | table            | PK = IROS, SK = IRO#<email>                             | SK=IRO#iro.one@example.org                     |
 * | a recipient's nightly digest on a day      | table            | PK = DIGEST#<yyyy-mm-dd>, SK = TO#<email>               | SK=TO#iro.one@example.org                      |
 * | every nightly digest of a day              | table            | PK = DIGEST#<yyyy-mm-dd>                                | PK=DIGEST#2026-11-23                           |
 * | the bookings made late on a day (nightly)  | table            | PK = NOTICE#<yyyy-mm-dd>, SK begins_with LATE_BOOKING#  | SK=LATE_BOOKING#7f3c…#a91e…                    |
 * | a calendar feed's owner, by its secret     | table            | PK = CALENDAR_FEED#<sha-256 of the secret>, SK = FEED   | PK=CALENDAR_FEED#9f86d081…                     |
 * | a person's current calendar feed           | table            | PK = FEED_OWNER#<email>, SK = FEED_OWNER                | PK=FEED_OWNER#iro.one@example.org              |
 * | who read a child's file, oldest first      | table            | PK = READS#<childId>, SK between <from> and <to>~       | SK=2026-11-23T09:14:03.120Z#<requestId>        |
 * | the list reads of a day (UTC)              | table            | PK = READS#LISTS#<yyyy-mm-dd>, SK = <ISO time>#<req id> | PK=READS#LISTS#2026-11-23                      |
 *
 * The due-date, children and register indexes are sharded by a hash of the
 * child id so that no one partition takes every write; "everything due by X"
 * and "every child's file" are one query per shard, in parallel, and never a
 * scan. The register index holds only profiles and records (sorted by child,
 * so a child's items come together): the monthly figures read exactly those,
 * never the audit trail, the due-date entries or the ledgers, which grow with
 * every write and every night.
 *
 * A calendar feed is two items, written together: the feed, keyed by the
 * SHA-256 of its URL's secret (the secret itself is never stored), holding
 * its owner; and its owner's item, holding that hash, so that a new URL
 * replaces the old and a revocation finds it. Neither is in any index.
 *
 * The IRO directory is one partition (`IROS`), an item an IRO by email, in
 * no index: a service has tens of IROs, so the monthly job and the admins'
 * screen read it whole, in one query, sorted by email.
 *
 * A late-booking notice is written in the transaction of the booking it tells
 * of, in the partition of the day it was made (few a day: one partition takes
 * them), and is in no index: the nightly job reads the days since the last
 * working day's digest, a query a day. It holds the case reference and
 * initials, never the name.
 *
 * The read log is kept apart from the child's partition and from the change
 * audit: a read is a plain PutItem in `READS#<childId>`, in no index and in
 * no transaction, so reads never slow a write nor grow the partition a write
 * reads. A list read (`GET /children`, `GET /timescales`) is one entry a
 * request, in the partition of its (UTC) day, with its filters, no child's name.
 */
import { createHash } from 'node:crypto';
import type { CreateTableCommandInput, GlobalSecondaryIndex } from '@aws-sdk/client-dynamodb';
import type { RecordCollection } from '#shared/domain/records';

/** The table's own key attributes: the partition (a child, a snapshot month…) and the item within it. */
export const TABLE_KEY = { partitionKey: 'PK', sortKey: 'SK' } as const;

/** A global secondary index: its name and key attributes. */
export interface IndexDesign {
  name: string;
  partitionKey: string;
  sortKey: string;
}

/** Every open timescale by due date, sharded: what the nightly job reads. */
export const DUE_DATE_INDEX = { name: 'DueDateIndex', partitionKey: 'dueShard', sortKey: 'dueOn', shards: 16 } as const;
/** An IRO's children by reference and open timescales soonest first. */
export const IRO_INDEX = { name: 'IroIndex', partitionKey: 'iroKey', sortKey: 'iroSort' } as const;
/** A team manager's children by reference and open timescales soonest first. */
export const TEAM_MANAGER_INDEX = { name: 'TeamManagerIndex', partitionKey: 'tmKey', sortKey: 'tmSort' } as const;
/** Every child's profile by reference, sharded: the managers' children list. */
export const CHILDREN_INDEX = { name: 'ChildrenIndex', partitionKey: 'listShard', sortKey: 'listSort', shards: 8 } as const;
/**
 * More shards than the due-date index: every child's every record is in it, and a shard's partition read page by page
 * should stay small (DynamoDB Local's time a page grows with the partition: at 100,000 children and 16 shards one read
 * took minutes; the benchmark's growth run shows it).
 */
export const REGISTER_INDEX = { name: 'RegisterIndex', partitionKey: 'registerShard', sortKey: 'registerSort', shards: 64 } as const;

/** Every global secondary index of the table. */
export const INDEXES: readonly IndexDesign[] = [DUE_DATE_INDEX, IRO_INDEX, TEAM_MANAGER_INDEX, CHILDREN_INDEX, REGISTER_INDEX];

/** The record collections of a child's file, and the sort-key word for each. */
export const RECORD_KINDS = {
  careEpisodes: { word: 'EPISODE', idField: 'episodeId' },
  placementChanges: { word: 'PLACEMENT', idField: 'placementChangeId' },
  strategyDiscussions: { word: 'STRATEGY', idField: 'strategyDiscussionId' },
  registrations: { word: 'REGISTRATION', idField: 'registrationId' },
  meetings: { word: 'MEETING', idField: 'meetingId' },
  transferIns: { word: 'TRANSFER_IN', idField: 'transferInId' },
  disputes: { word: 'DISPUTE', idField: 'disputeId' },
} as const satisfies Record<RecordCollection, { word: string; idField: string }>;

/** A stable shard in [0, shards) for a child id. */
export function shardOf(childId: string, shards: number): number {
  return createHash('md5').update(childId).digest().readUInt32BE(0) % shards;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** Sorts after every `dueOn` of the same date: `dueOn <= date + '~'` includes the whole day. */
export const END_OF_DAY = '~';

const CHILD = 'CHILD';
const childPartition = (childId: string) => `${CHILD}#${childId}`;
const recordPrefix = (collection: RecordCollection) => `${CHILD}#${RECORD_KINDS[collection].word}#`;
const DUE_PREFIX = `${CHILD}#DUE#`;
const AUDIT_PREFIX = 'AUDIT#';
const REVISION_PREFIX = 'REV#';
const LATE_BOOKING_PREFIX = 'LATE_BOOKING#';
const IRO_DIRECTORY = 'IROS';
const IRO_ENTRY_PREFIX = 'IRO#';

/** Every key and key prefix of the table and its indexes: the one place an item's key is built. */
export const keys = {
  childPartition,
  /** A child's profile: the first item of its partition. */
  child: (childId: string) => ({ PK: childPartition(childId), SK: CHILD }),
  profileSort: CHILD,
  /** Profile, records and due entries share this prefix; the audit trail does not. */
  childFilePrefix: CHILD,
  record: (childId: string, collection: RecordCollection, recordId: string) => ({
    PK: childPartition(childId),
    SK: `${recordPrefix(collection)}${recordId}`,
  }),
  recordPrefix,
  due: (childId: string, kind: string, recordId: string) => ({ PK: childPartition(childId), SK: `${DUE_PREFIX}${kind}#${recordId}` }),
  duePrefix: DUE_PREFIX,
  /** Case references are unique whatever their letter case: C-1 and c-1 are one case. */
  reference: (reference: string) => ({ PK: `REFERENCE#${reference.toUpperCase()}`, SK: 'REFERENCE' }),
  audit: (childId: string, at: string, auditId: string) => ({ PK: childPartition(childId), SK: `${AUDIT_PREFIX}${at}#${auditId}` }),
  auditPrefix: AUDIT_PREFIX,
  idempotency: (caller: string, key: string) => ({ PK: `IDEMPOTENCY#${caller}#${key}`, SK: 'IDEMPOTENCY' }),
  snapshotPartition: (month: string) => `SNAPSHOT#${month}`,
  snapshotRevision: (month: string, revision: number) => ({ PK: `SNAPSHOT#${month}`, SK: `${REVISION_PREFIX}${String(revision).padStart(4, '0')}` }),
  revisionPrefix: REVISION_PREFIX,
  snapshotMonthsPartition: 'SNAPSHOTS',
  snapshotMonth: (month: string) => ({ PK: 'SNAPSHOTS', SK: month }),
  /** The IRO directory: one partition, few items (an entry an IRO), read whole. */
  iroDirectoryPartition: IRO_DIRECTORY,
  /** An IRO's directory entry, by their (lower-case) email: the partition sorts by email. */
  iroEntry: (email: string) => ({ PK: IRO_DIRECTORY, SK: `${IRO_ENTRY_PREFIX}${email}` }),
  iroEntryPrefix: IRO_ENTRY_PREFIX,
  digestPartition: (date: string) => `DIGEST#${date}`,
  digest: (date: string, recipient: string) => ({ PK: `DIGEST#${date}`, SK: `TO#${recipient}` }),
  /** The notices filed on a day: one partition a day, read whole by the next working day's nightly job. */
  noticePartition: (date: string) => `NOTICE#${date}`,
  /** A booking made (or moved) late on a day: one notice a meeting a day, the latest write standing. */
  lateBookingNotice: (date: string, childId: string, meetingId: string) => ({ PK: `NOTICE#${date}`, SK: `${LATE_BOOKING_PREFIX}${childId}#${meetingId}` }),
  lateBookingPrefix: LATE_BOOKING_PREFIX,
  /** Who read a child's file: one partition a child, out of the child's own, an entry a read. */
  childReadsPartition: (childId: string) => `READS#${childId}`,
  /** One read of a child's file: sorts by when, the request id keeping two reads in one millisecond apart. */
  childRead: (childId: string, at: string, requestId: string) => ({ PK: `READS#${childId}`, SK: `${at}#${requestId}` }),
  /** One read of a list (no child's id): the partition of the day (UTC) it was made. */
  listRead: (at: string, requestId: string) => ({ PK: `READS#LISTS#${at.slice(0, 10)}`, SK: `${at}#${requestId}` }),
  /** A calendar feed, by the hex SHA-256 of its secret. */
  calendarFeed: (secretHash: string) => ({ PK: `CALENDAR_FEED#${secretHash}`, SK: 'FEED' }),
  /** A person's current calendar feed (its hash), by their email. */
  calendarFeedOwner: (email: string) => ({ PK: `FEED_OWNER#${email}`, SK: 'FEED_OWNER' }),
  dueShard: (shard: number) => `DUE#${pad(shard)}`,
  dueOn: (dueDate: string, childId: string, kind: string) => `${dueDate}#${childId}#${kind}`,
  iroKey: (email: string) => `IRO#${email}`,
  teamManagerKey: (email: string) => `TM#${email}`,
  /** The sort key of a child in the IRO, team-manager and children indexes. */
  scopedChildSort: (reference: string, childId: string) => `${CHILD}#${reference}#${childId}`,
  scopedChildPrefix: `${CHILD}#`,
  /** The sort key of a due entry in the IRO and team-manager indexes. */
  scopedDueSort: (dueDate: string, childId: string, kind: string) => `DUE#${dueDate}#${childId}#${kind}`,
  scopedDuePrefix: 'DUE#',
  listShard: (shard: number) => `CHILDREN#${pad(shard)}`,
  registerShard: (shard: number) => `REGISTER#${pad(shard)}`,
  /** A child's items sort together, the profile (SK = CHILD) first. */
  registerSort: (childId: string, sortKey: string) => `${childId}#${sortKey}`,
} as const;

/** The attribute that says what an item holds (not `type`, which a meeting's own record uses). */
export const ITEM_TYPE = 'itemType';

/**
 * The table's time-to-live attribute: an item that has it (epoch seconds) is deleted by DynamoDB, at no charge,
 * within a few days after that time. Only two kinds of item expire; a child's file and its audit trail never do.
 */
export const EXPIRES_AT = 'expiresAt';

/**
 * How long the items that serve only a while are kept, in days.
 * - The read log: six years, the limitation period for a claim of misuse of a child's data (Limitation Act 1980), so
 *   that "who read my file?" can be answered for as long as a claim about it could be brought.
 * - An idempotent POST's remembered answer (which holds a copy of the child's file as it was answered): seven days,
 *   far past any client's retries, so that the copy is not kept for ever.
 * bench/RESULTS.md prices both: kept for ever, they would be most of the table within a few years.
 */
export const RETENTION_DAYS = { readLog: 6 * 365 + 2, idempotency: 7 } as const;

/** The {@link EXPIRES_AT} value of an item made at `at` (an ISO time) and kept `days`. */
export function expiresAt(at: string, days: number): number {
  return Math.floor(Date.parse(at) / 1000) + days * 24 * 60 * 60;
}

/** Where a child's profile sorts in the IRO, team-manager and children indexes. */
export function childIndexKeys(child: { childId: string; reference: string; iroEmail: string; teamManagerEmail: string }): Record<string, string> {
  const sort = keys.scopedChildSort(child.reference, child.childId);
  return {
    [IRO_INDEX.partitionKey]: keys.iroKey(child.iroEmail),
    [IRO_INDEX.sortKey]: sort,
    [TEAM_MANAGER_INDEX.partitionKey]: keys.teamManagerKey(child.teamManagerEmail),
    [TEAM_MANAGER_INDEX.sortKey]: sort,
    [CHILDREN_INDEX.partitionKey]: keys.listShard(shardOf(child.childId, CHILDREN_INDEX.shards)),
    [CHILDREN_INDEX.sortKey]: sort,
  };
}

/** Where a due-date entry sorts in the due-date, IRO and team-manager indexes. */
export function dueIndexKeys(
  child: { childId: string; iroEmail: string; teamManagerEmail: string },
  dueDate: string,
  kind: string,
): Record<string, string> {
  const { childId } = child;
  return {
    [DUE_DATE_INDEX.partitionKey]: keys.dueShard(shardOf(childId, DUE_DATE_INDEX.shards)),
    [DUE_DATE_INDEX.sortKey]: keys.dueOn(dueDate, childId, kind),
    [IRO_INDEX.partitionKey]: keys.iroKey(child.iroEmail),
    [IRO_INDEX.sortKey]: keys.scopedDueSort(dueDate, childId, kind),
    [TEAM_MANAGER_INDEX.partitionKey]: keys.teamManagerKey(child.teamManagerEmail),
    [TEAM_MANAGER_INDEX.sortKey]: keys.scopedDueSort(dueDate, childId, kind),
  };
}

/** Where a profile or a record sorts in the register index, beside the rest of its child's file. */
export function registerIndexKeys(childId: string, sortKey: string): Record<string, string> {
  return {
    [REGISTER_INDEX.partitionKey]: keys.registerShard(shardOf(childId, REGISTER_INDEX.shards)),
    [REGISTER_INDEX.sortKey]: keys.registerSort(childId, sortKey),
  };
}

function index(design: IndexDesign): GlobalSecondaryIndex {
  return {
    IndexName: design.name,
    KeySchema: [
      { AttributeName: design.partitionKey, KeyType: 'HASH' },
      { AttributeName: design.sortKey, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'ALL' },
  };
}

/** The table as DynamoDB's CreateTable takes it (on-demand), for the local stand-in and tests. */
export function createTableInput(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [TABLE_KEY.partitionKey, TABLE_KEY.sortKey, ...INDEXES.flatMap((i) => [i.partitionKey, i.sortKey])].map(
      (name) => ({ AttributeName: name, AttributeType: 'S' }),
    ),
    KeySchema: [
      { AttributeName: TABLE_KEY.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_KEY.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: INDEXES.map(index),
  };
}
