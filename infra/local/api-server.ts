/**
 * The local API in a process of its own: the local API Gateway stand-in
 * calling the real API handler, apart from its clients as API Gateway and
 * Lambda are. Started by `infra/local/api-process.ts` (the benchmarks, the
 * crash test); prints `listening <port>` when ready.
 *   node --import tsx infra/local/api-server.ts --dynamodb URL --table NAME --data-dir DIR
 *     [--port N] [--ses URL] [--no-throttle] [--log-level WARN]
 * `--port` fixes the port (0, the default, takes a free one), so that an API
 * restarted after a crash answers on the same URL; `--ses` is the SES
 * endpoint (none by default: the API sends no email).
 */
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import { createLocalApiServer } from '#infra/local/http-adapter';
import { loadOrCreateSigningKey, verifyLocalToken } from '#infra/local/local-auth';
import { localFunctionEnv } from '#infra/local/settings';

const { values } = parseArgs({
  options: {
    dynamodb: { type: 'string' },
    table: { type: 'string' },
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '0' },
    ses: { type: 'string', default: 'http://127.0.0.1:1' },
    'no-throttle': { type: 'boolean', default: false },
    'log-level': { type: 'string', default: 'WARN' },
  },
});
Object.assign(
  process.env,
  localFunctionEnv({ tableName: values.table!, region: 'eu-west-2', dynamoDbEndpoint: values.dynamodb!, sesEndpoint: values.ses! }),
  { POWERTOOLS_LOG_LEVEL: values['log-level']! },
);
const { handler } = await import('#functions/api/handler');
const key = await loadOrCreateSigningKey(values['data-dir']!);
const server = createLocalApiServer({
  handler: (event, context) => handler(event, context),
  verifyToken: async (token) => verifyLocalToken(key, token),
  // A benchmark measures the function, not the gateway's bucket: a route's own throttle (the calendar feed's) would answer it 429 instead.
  ...(values['no-throttle'] ? { throttle: false } : {}),
});
server.keepAliveTimeout = 60_000;
server.once('error', (error) => {
  console.error(`the API could not listen: ${error.message}`);
  process.exit(1);
});
server.listen(Number(values.port), '127.0.0.1', () => console.log(`listening ${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
