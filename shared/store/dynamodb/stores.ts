/**
 * Every store port on one DynamoDB table: what a function's entry point (or a
 * local tool, a test, a benchmark) builds once and hands to the use cases and
 * jobs, which name only the ports.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CalendarFeedStore, ChildReads, ChildWrites, DigestLedger, DueIndexRepair, IroDirectory, ReadLog, RegisterImport, RegisterReader, SnapshotStore } from '#shared/store/ports';
import { DynamoDbBulkImport } from '#shared/store/dynamodb/bulk-import';
import { DynamoDbCalendarFeedStore } from '#shared/store/dynamodb/calendar-feeds';
import { DynamoDbCommit } from '#shared/store/dynamodb/commit';
import { DynamoDbDigestLedger } from '#shared/store/dynamodb/digest-ledger';
import { DynamoDbDueIndexRepair } from '#shared/store/dynamodb/index-repair';
import { DynamoDbIroDirectory } from '#shared/store/dynamodb/iro-directory';
import { DynamoDbQueries } from '#shared/store/dynamodb/queries';
import { DynamoDbReadLog } from '#shared/store/dynamodb/read-log';
import { DynamoDbRegisterReader } from '#shared/store/dynamodb/register-reader';
import { DynamoDbSnapshotStore } from '#shared/store/dynamodb/snapshots';

/** Every store port, on one table. */
export interface Stores {
  reads: ChildReads;
  writes: ChildWrites;
  importer: RegisterImport;
  register: RegisterReader;
  repair: DueIndexRepair;
  snapshots: SnapshotStore;
  ledger: DigestLedger;
  calendarFeeds: CalendarFeedStore;
  iros: IroDirectory;
  readLog: ReadLog;
}

/** Builds every store port on the table, through the one client. */
export function dynamoDbStores(client: DynamoDBDocumentClient, tableName: string): Stores {
  const table = { client, tableName };
  return {
    reads: new DynamoDbQueries(table),
    writes: new DynamoDbCommit(table),
    importer: new DynamoDbBulkImport(table),
    register: new DynamoDbRegisterReader(table),
    repair: new DynamoDbDueIndexRepair(table),
    snapshots: new DynamoDbSnapshotStore(table),
    ledger: new DynamoDbDigestLedger(table),
    calendarFeeds: new DynamoDbCalendarFeedStore(table),
    iros: new DynamoDbIroDirectory(table),
    readLog: new DynamoDbReadLog(table),
  };
}
