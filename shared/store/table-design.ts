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
 *
 * The due-date, children and register indexes are sharded by a hash of the
 * child id so that no one partition takes every write; "everything due by X"
 * and "every child's file" are one query per shard, in parallel, and never a
 * scan. The register index holds only profiles and records (sorted by child,
 * so a child's items come together): the monthly figures read exactly those,
 * never the audit trail, the due-date entries or the ledgers, which grow with
 * every write and every night.
 */
import { createHash } from 'node:crypto';
import type { CreateTableCommandInput, GlobalSecondaryIndex } from '@aws-sdk/client-dynamodb';

export const TABLE_KEY = { partitionKey: 'PK', sortKey: 'SK' } as const;

export interface IndexDesign {
  name: string;
  partitionKey: string;
  sortKey: string;
}

export const DUE_DATE_INDEX = { name: 'DueDateIndex', partitionKey: 'dueShard', sortKey: 'dueOn', shards: 16 } as const;
export const IRO_INDEX = { name: 'IroIndex', partitionKey: 'iroKey', sortKey: 'iroSort' } as const;
export const TEAM_MANAGER_INDEX = { name: 'TeamManagerIndex', partitionKey: 'tmKey', sortKey: 'tmSort' } as const;
export const CHILDREN_INDEX = { name: 'ChildrenIndex', partitionKey: 'listShard', sortKey: 'listSort', shards: 8 } as const;
/**
 * More shards than the due-date index: every child's every record is in it, and a shard's partition read page by page
 * should stay small (DynamoDB Local's time a page grows with the partition: at 100,000 children and 16 shards one read
 * took minutes; the benchmark's growth run shows it).
 */
export const REGISTER_INDEX = { name: 'RegisterIndex', partitionKey: 'registerShard', sortKey: 'registerSort', shards: 64 } as const;

export const INDEXES: readonly IndexDesign[] = [DUE_DATE_INDEX, IRO_INDEX, TEAM_MANAGER_INDEX, CHILDREN_INDEX, REGISTER_INDEX];

/** The record collections of a child's file, and the sort-key word for each. */
export const RECORD_KINDS = {
  careEpisodes: { word: 'EPISODE', idField: 'episodeId' },
  placementChanges: { word: 'PLACEMENT', idField: 'placementChangeId' },
  strategyDiscussions: { word: 'STRATEGY', idField: 'strategyDiscussionId' },
  registrations: { word: 'REGISTRATION', idField: 'registrationId' },
  meetings: { word: 'MEETING', idField: 'meetingId' },
} as const;
export type RecordCollection = keyof typeof RECORD_KINDS;

/** A stable shard in [0, shards) for a child id. */
export function shardOf(childId: string, shards: number): number {
  return createHash('md5').update(childId).digest().readUInt32BE(0) % shards;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** Sorts after every `dueOn` of the same date: `dueOn <= date + '~'` includes the whole day. */
export const END_OF_DAY = '~';

export const keys = {
  childPartition: (childId: string) => `CHILD#${childId}`,
  child: (childId: string) => ({ PK: `CHILD#${childId}`, SK: 'CHILD' }),
  /** Profile, records and due entries share this prefix; the audit trail does not. */
  childFilePrefix: 'CHILD',
  record: (childId: string, collection: RecordCollection, recordId: string) => ({
    PK: `CHILD#${childId}`,
    SK: `CHILD#${RECORD_KINDS[collection].word}#${recordId}`,
  }),
  due: (childId: string, kind: string, recordId: string) => ({ PK: `CHILD#${childId}`, SK: `CHILD#DUE#${kind}#${recordId}` }),
  /** Case references are unique whatever their letter case: C-1 and c-1 are one case. */
  reference: (reference: string) => ({ PK: `REFERENCE#${reference.toUpperCase()}`, SK: 'REFERENCE' }),
  audit: (childId: string, at: string, auditId: string) => ({ PK: `CHILD#${childId}`, SK: `AUDIT#${at}#${auditId}` }),
  auditPrefix: 'AUDIT#',
  idempotency: (caller: string, key: string) => ({ PK: `IDEMPOTENCY#${caller}#${key}`, SK: 'IDEMPOTENCY' }),
  dueShard: (shard: number) => `DUE#${pad(shard)}`,
  dueOn: (dueDate: string, childId: string, kind: string) => `${dueDate}#${childId}#${kind}`,
  iroKey: (email: string) => `IRO#${email}`,
  teamManagerKey: (email: string) => `TM#${email}`,
  scopedChildSort: (reference: string, childId: string) => `CHILD#${reference}#${childId}`,
  scopedDueSort: (dueDate: string, childId: string, kind: string) => `DUE#${dueDate}#${childId}#${kind}`,
  listShard: (shard: number) => `CHILDREN#${pad(shard)}`,
  registerShard: (shard: number) => `REGISTER#${pad(shard)}`,
  /** A child's items sort together, the profile (SK = CHILD) first. */
  registerSort: (childId: string, sortKey: string) => `${childId}#${sortKey}`,
} as const;

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
