/**
 * {@link RegisterReader} on DynamoDB: every child's profile and records, one
 * child at a time, for the monthly figures. One query a shard of the register
 * index, a few shards at a time, page by page. A shard holds each child's
 * items together, so a child is handed on as soon as its last item is read and
 * the register is never held whole; the audit trail, the due-date entries and
 * the ledgers are not in the index, so they are never read.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import pMap from 'p-map';
import type { ChildFileRecords, RegisterReader } from '#shared/store/ports';
import { REGISTER_INDEX, TABLE_KEY, keys } from '#shared/store/table-design';
import { guarded, type TableRef } from '#shared/store/dynamodb/table';
import { decodeChildFile, type Item } from '#shared/store/dynamodb/item-codec';

/** Shards of the register index read at once: enough to keep DynamoDB busy, few enough that the pages in memory stay few. */
export const REGISTER_READERS = 16;

/** See {@link RegisterReader}. */
export class DynamoDbRegisterReader implements RegisterReader {
  constructor(private readonly table: TableRef) {}

  async eachChildFile(visit: (file: ChildFileRecords) => void): Promise<{ children: number; requests: number }> {
    let requests = 0;
    let children = 0;
    const readShard = async (shard: number) => {
      let childItems: Item[] = [];
      const handOn = () => {
        // Records whose profile is not (yet) in the index are a write still arriving: left for the next read.
        const file = decodeChildFile(childItems);
        childItems = [];
        if (!file) return;
        visit({ child: file.child, records: file.records });
        children += 1;
      };
      let start: Item | undefined;
      do {
        const page = await guarded(
          this.table.client.send(
            new QueryCommand({
              TableName: this.table.tableName,
              IndexName: REGISTER_INDEX.name,
              KeyConditionExpression: '#pk = :pk',
              ExpressionAttributeNames: { '#pk': REGISTER_INDEX.partitionKey },
              ExpressionAttributeValues: { ':pk': keys.registerShard(shard) },
              ExclusiveStartKey: start,
            }),
          ),
        );
        requests += 1;
        for (const item of page.Items ?? []) {
          if (childItems.length > 0 && childItems[0]![TABLE_KEY.partitionKey] !== item[TABLE_KEY.partitionKey]) handOn();
          childItems.push(item);
        }
        start = page.LastEvaluatedKey;
      } while (start);
      handOn();
    };
    const shards = Array.from({ length: REGISTER_INDEX.shards }, (_, shard) => shard);
    await pMap(shards, readShard, { concurrency: REGISTER_READERS });
    return { children, requests };
  }
}
