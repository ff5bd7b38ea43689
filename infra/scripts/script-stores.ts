/**
 * The stores a command-line tool works on: by default the table `npm start`
 * runs (DYNAMODB_PORT, TABLE_NAME); with `--aws`, the deployed table named by
 * TABLE_NAME, through the usual AWS credentials (profile, SSO, environment).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbStores, type Stores } from '#shared/store/dynamodb/stores';
import { localDynamoDbClient } from '#infra/local/dynamodb-local';
import { localSettings } from '#infra/local/settings';

/**
 * The low-level client and the table, local or deployed, for a tool that
 * works on the table's items as DynamoDB holds them (backup, restore):
 * `tableName` instead of TABLE_NAME when given. `localEndpoint` is the local
 * DynamoDB's address (none with `aws`).
 */
export function scriptTable(aws: boolean, tableName?: string): { client: DynamoDBClient; tableName: string; localEndpoint?: string } {
  if (aws) {
    const name = tableName ?? process.env['TABLE_NAME'];
    if (!name) throw new Error("Set TABLE_NAME (or --table) to the stack's TableName output (and AWS_REGION, and credentials).");
    return { client: new DynamoDBClient({ maxAttempts: 10 }), tableName: name };
  }
  const local = localSettings();
  const localEndpoint = `http://127.0.0.1:${local.dynamoDbPort}`;
  return { client: localDynamoDbClient(localEndpoint), tableName: tableName ?? local.tableName, localEndpoint };
}

/** The table's name and every store on it, local or deployed. */
export function scriptStores(aws: boolean): { tableName: string; stores: Stores } {
  let client: DynamoDBClient;
  let tableName: string;
  if (aws) {
    const name = process.env['TABLE_NAME'];
    if (!name) throw new Error("Set TABLE_NAME to the stack's TableName output (and AWS_REGION, and credentials).");
    tableName = name;
    client = new DynamoDBClient({ maxAttempts: 10 });
  } else {
    const local = localSettings();
    tableName = local.tableName;
    client = localDynamoDbClient(`http://127.0.0.1:${local.dynamoDbPort}`);
  }
  return { tableName, stores: dynamoDbStores(DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), tableName) };
}
