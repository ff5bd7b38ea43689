/**
 * {@link ReadLog} on DynamoDB: a read is one PutItem, in the child's own read
 * partition (`READS#<childId>`) or in the day's list reads, never in a child's
 * write transaction; a child's reads in a period are one query on the sort
 * key (its ISO time), a day's margin each side, then held to London days.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { addDays, todayInLondon } from '#shared/domain/calendar/calendar-date';
import type { ReadEntry, ReadLog, ReadPeriod } from '#shared/store/ports';
import { EXPIRES_AT, ITEM_TYPE, END_OF_DAY, RETENTION_DAYS, expiresAt, keys } from '#shared/store/table-design';
import { guarded, queryAll, type TableRef } from '#shared/store/dynamodb/table';
import { withoutDesign } from '#shared/store/dynamodb/item-codec';

/** See {@link ReadLog}. */
export class DynamoDbReadLog implements ReadLog {
  constructor(private readonly table: TableRef) {}

  /**
   * One item a read, as small as it can be: there are more reads than anything else, kept six years. The child, the
   * time and the request are its keys, and are not stored again (bench/RESULTS.md prices the read log).
   */
  async record(entry: ReadEntry): Promise<void> {
    const { childId, at, requestId, ...rest } = entry;
    const key = childId === undefined ? keys.listRead(at, requestId) : keys.childRead(childId, at, requestId);
    await guarded(this.table.client.send(new PutCommand({ TableName: this.table.tableName, Item: { ...key, [ITEM_TYPE]: 'read', [EXPIRES_AT]: expiresAt(at, RETENTION_DAYS.readLog), ...rest } })));
  }

  async listReads(childId: string, period: ReadPeriod = {}): Promise<ReadEntry[]> {
    // The sort key is UTC; a London day starts up to an hour before its UTC day: read a day either side, then keep the period's.
    // The day after 9999-12-31 is written with five digits and would sort before every time: the period is open there.
    const from = period.from === undefined ? '0' : addDays(period.from, -1);
    const dayAfter = period.to === undefined ? undefined : addDays(period.to, 1);
    const to = dayAfter === undefined || dayAfter.length > 'yyyy-mm-dd'.length ? END_OF_DAY : `${dayAfter}${END_OF_DAY}`;
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.childReadsPartition(childId), ':from': from, ':to': to },
      ConsistentRead: true,
    });
    return items
      .map((item) => {
        const sortKey = String(item['SK']);
        const split = sortKey.indexOf('#');
        return { childId, at: sortKey.slice(0, split), requestId: sortKey.slice(split + 1), ...withoutDesign(item) } as unknown as ReadEntry;
      })
      .filter((entry) => {
        const day = todayInLondon(new Date(entry.at));
        return (period.from === undefined || day >= period.from) && (period.to === undefined || day <= period.to);
      });
  }
}
