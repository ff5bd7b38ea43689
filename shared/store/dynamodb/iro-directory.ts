/**
 * {@link IroDirectory} on DynamoDB: one partition, an item an IRO keyed by
 * their email (see `shared/store/table-design.ts`), so the whole directory is
 * one query, sorted by email. A put replaces the entry wholly, in one request
 * that also answers whether there was one before (`ALL_OLD`): two admins
 * putting the same IRO at once each get a true answer, the later write
 * standing.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { IroDirectoryEntry } from '#shared/domain/iro-directory';
import type { IroDirectory, StoredIroEntry } from '#shared/store/ports';
import { ITEM_TYPE, keys } from '#shared/store/table-design';
import { guarded, queryAll, type TableRef } from '#shared/store/dynamodb/table';
import type { Item } from '#shared/store/dynamodb/item-codec';

/** See {@link IroDirectory}. */
export class DynamoDbIroDirectory implements IroDirectory {
  constructor(private readonly table: TableRef) {}

  async put(entry: IroDirectoryEntry, by: string, at: string): Promise<{ entry: StoredIroEntry; created: boolean }> {
    const stored: StoredIroEntry = {
      email: entry.email,
      name: entry.name,
      fte: entry.fte,
      activeFrom: entry.activeFrom,
      ...(entry.activeTo === undefined ? {} : { activeTo: entry.activeTo }),
      updatedAt: at,
      updatedBy: by,
    };
    const { Attributes } = await guarded(
      this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: { ...keys.iroEntry(stored.email), [ITEM_TYPE]: 'iro', ...stored },
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    return { entry: stored, created: Attributes === undefined };
  }

  async get(email: string): Promise<StoredIroEntry | undefined> {
    const { Item } = await guarded(
      this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.iroEntry(email), ConsistentRead: true })),
    );
    return Item ? entryOf(Item) : undefined;
  }

  async list(): Promise<StoredIroEntry[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.iroDirectoryPartition, ':prefix': keys.iroEntryPrefix },
      ConsistentRead: true,
    });
    return items.map(entryOf);
  }
}

function entryOf(item: Item): StoredIroEntry {
  const activeTo = item['activeTo'] as string | undefined;
  return {
    email: item['email'] as string,
    name: item['name'] as string,
    fte: item['fte'] as number,
    activeFrom: item['activeFrom'] as string,
    ...(activeTo === undefined ? {} : { activeTo }),
    updatedAt: item['updatedAt'] as string,
    updatedBy: item['updatedBy'] as string,
  };
}
