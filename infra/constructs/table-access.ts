/**
 * Least-privilege table access: the exact DynamoDB actions each function uses,
 * on the table and the indexes it queries, and the exact KMS actions DynamoDB
 * needs on the table's key. No wildcard actions, no wildcard resources (unlike
 * `table.grantReadWriteData`, which grants `index/*` and `kms:GenerateDataKey*`).
 */
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';

export const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'] as const;
export const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'] as const;

/**
 * What each function's code calls, and so all it is granted. A transaction
 * (TransactWriteItems) needs the action of each of its items: Put, Delete.
 * Change these with the code: a call not granted here fails only when deployed.
 */
export const FUNCTION_TABLE_ACTIONS = {
  /**
   * Reads files and lists (GetItem, Query), a child by case reference (BatchGetItem), commits writes (a transaction of
   * Puts and Deletes), records every read (a PutItem a read), an admin's new snapshot revision, the IRO directory (Query, a PutItem an entry).
   */
  api: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
  /** Queries the due-date index, the late-booking notices and the day's ledger; claims and marks ledger entries (UpdateItem). */
  'nightly-timescales': ['dynamodb:Query', 'dynamodb:UpdateItem'],
  /** Queries the register index and the IRO directory's partition; reads and stores the month's snapshot (GetItem, Query, a transaction of Puts). */
  'monthly-snapshot': ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
} as const satisfies Record<string, readonly string[]>;

export interface TableAccess {
  table: TableV2;
  key: IKey;
  actions: readonly string[];
  /** The indexes the function queries, by name. */
  indexes?: readonly string[];
}

export function grantTableAccess(grantee: IGrantable, access: TableAccess): void {
  const writes = access.actions.some((action) => (WRITE_ACTIONS as readonly string[]).includes(action));
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: [...access.actions],
      resources: [access.table.tableArn, ...(access.indexes ?? []).map((index) => `${access.table.tableArn}/index/${index}`)],
    }),
  );
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['kms:Decrypt', 'kms:DescribeKey', ...(writes ? ['kms:Encrypt', 'kms:GenerateDataKey'] : [])],
      resources: [access.key.keyArn],
    }),
  );
}
