/**
 * The API as the benchmark loads it: the local API Gateway stand-in calling the
 * real API handler, in a process of its own (as API Gateway and Lambda are
 * apart from their clients). Prints `listening <port>` when ready.
 *   tsx bench/api-server.ts --dynamodb URL --table NAME --data-dir DIR
 */
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import { createLocalApiServer } from '#infra/local/http-adapter';
import { loadOrCreateSigningKey, verifyLocalToken } from '#infra/local/local-auth';
import { localFunctionEnv } from '#infra/local/settings';

const { values } = parseArgs({ options: { dynamodb: { type: 'string' }, table: { type: 'string' }, 'data-dir': { type: 'string' } } });
Object.assign(
  process.env,
  localFunctionEnv({ tableName: values.table!, region: 'eu-west-2', dynamoDbEndpoint: values.dynamodb!, sesEndpoint: 'http://127.0.0.1:1' }),
  { POWERTOOLS_LOG_LEVEL: 'WARN' },
);
const { handler } = await import('#functions/api/handler');
const key = await loadOrCreateSigningKey(values['data-dir']!);
// The function is what a benchmark measures: a route's own throttle (the calendar feed's) would answer it 429 instead.
const server = createLocalApiServer({ handler: (event, context) => handler(event, context), verifyToken: async (token) => verifyLocalToken(key, token), throttle: false });
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
