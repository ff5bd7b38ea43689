/**
 * The single-table design: every record of a child lives in one partition, so
 * a child and everything about them is one query and every write to a child
 * can be one transaction. The CDK stack and the local stand-in both build the
 * table from these definitions.
 *
 * | access pattern                         | table/index  | key condition                                   | example                                   |
 * | -------------------------------------- | ------------ | ----------------------------------------------- | ----------------------------------------- |
 * | get a child                            | table        | PK = CHILD#<childId>, SK = CHILD                | PK=CHILD#7f3c…, SK=CHILD                  |
 * | claim a case reference (unique)        | table        | PK = REFERENCE#<reference>, SK = REFERENCE      | PK=REFERENCE#C-104233                     |
 * | a child's audit trail, oldest first    | table        | PK = CHILD#<childId>, SK begins_with AUDIT#     | SK=AUDIT#2026-11-23T09:14:03.120Z#…       |
 * | everything due by a date (nightly job) | DueDateIndex | dueShard = DUE#<nn>, dueOn <= <date>, per shard | dueShard=DUE#07, dueOn<=2026-12-07        |
 *
 * The due-date index is sharded (DUE#00 to DUE#15 by a hash of the child id)
 * so that no one partition takes every write; "everything due by X" is one
 * query per shard, in parallel, and never a scan.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const TABLE_KEY = { partitionKey: 'PK', sortKey: 'SK' } as const;

export const DUE_DATE_INDEX = {
  name: 'DueDateIndex',
  partitionKey: 'dueShard',
  sortKey: 'dueOn',
  shards: 16,
} as const;

export const keys = {
  child: (childId: string) => ({ PK: `CHILD#${childId}`, SK: 'CHILD' }),
  reference: (reference: string) => ({ PK: `REFERENCE#${reference}`, SK: 'REFERENCE' }),
  audit: (childId: string, at: string, auditId: string) => ({ PK: `CHILD#${childId}`, SK: `AUDIT#${at}#${auditId}` }),
  auditPrefix: 'AUDIT#',
} as const;

/** The table as DynamoDB's CreateTable takes it (on-demand), for the local stand-in and tests. */
export function createTableInput(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: TABLE_KEY.partitionKey, AttributeType: 'S' },
      { AttributeName: TABLE_KEY.sortKey, AttributeType: 'S' },
      { AttributeName: DUE_DATE_INDEX.partitionKey, AttributeType: 'S' },
      { AttributeName: DUE_DATE_INDEX.sortKey, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: TABLE_KEY.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_KEY.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: DUE_DATE_INDEX.name,
        KeySchema: [
          { AttributeName: DUE_DATE_INDEX.partitionKey, KeyType: 'HASH' },
          { AttributeName: DUE_DATE_INDEX.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}
