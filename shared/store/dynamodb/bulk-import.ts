/**
 * {@link RegisterImport} on DynamoDB: whole new files written at speed, for
 * moving a register in from a case system (and for the benchmarks).
 * BatchWriteItem, 25 items a request, several requests at once; what DynamoDB
 * leaves unprocessed is sent again with backoff. Unlike a commit nothing is
 * conditional, so it is for children not yet in the table (or the same files
 * again).
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import pMap from 'p-map';
import pRetry from 'p-retry';
import { ImportIncompleteError } from '#shared/store/errors';
import type { ImportedFile, ImportOptions, RegisterImport } from '#shared/store/ports';
import { guarded, type TableRef } from '#shared/store/dynamodb/table';
import { auditItem, childItem, dueItem, recordItem, referenceItem, type Item } from '#shared/store/dynamodb/item-codec';

/** DynamoDB's limit of items in one BatchWriteItem. */
const BATCH_WRITE_LIMIT = 25;

/** Items DynamoDB left unprocessed this time: send them again. */
class UnprocessedItems extends Error {}

/** See {@link RegisterImport}. */
export class DynamoDbBulkImport implements RegisterImport {
  constructor(private readonly table: TableRef) {}

  async importFiles(files: readonly ImportedFile[], options: ImportOptions = {}): Promise<{ items: number; requests: number }> {
    const { concurrency = 8, maxAttempts = 10, baseDelayMs = 25 } = options;
    const items: Item[] = files.flatMap((file) => [
      childItem(file.child, file.status),
      referenceItem(file.child),
      ...file.records.map((write) => recordItem(file.child.childId, write)),
      ...file.due.map((timescale) => dueItem(file.child, timescale)),
      auditItem(file.audit),
    ]);
    const batches: Item[][] = [];
    for (let i = 0; i < items.length; i += BATCH_WRITE_LIMIT) batches.push(items.slice(i, i + BATCH_WRITE_LIMIT));
    let requests = 0;

    const writeBatch = async (batch: Item[]) => {
      let pending = batch.map((item) => ({ PutRequest: { Item: item } }));
      const sendPending = async () => {
        const { tableName } = this.table;
        const { UnprocessedItems: left } = await guarded(this.table.client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } })));
        requests += 1;
        pending = (left?.[tableName] ?? []) as typeof pending;
        if (pending.length > 0) throw new UnprocessedItems();
      };
      try {
        await pRetry(sendPending, {
          retries: maxAttempts - 1,
          minTimeout: baseDelayMs,
          maxTimeout: 2_000,
          randomize: true,
          shouldRetry: ({ error }) => error instanceof UnprocessedItems,
        });
      } catch (error) {
        if (error instanceof UnprocessedItems) throw new ImportIncompleteError(pending.length, maxAttempts);
        throw error;
      }
    };
    // Once one batch has failed for good, no other batch is started: the caller hears at once.
    await pMap(batches, writeBatch, { concurrency });
    return { items: items.length, requests };
  }
}
