/**
 * The local stand-in for Lambda's Invoke API, for the functions one of ours
 * invokes (the committee's document, which the API function has made by the
 * document function): `POST /2015-03-31/functions/{name}/invocations`, as the
 * AWS SDK sends it when `AWS_ENDPOINT_URL_LAMBDA` points here. It runs the
 * very same handler in this process (imported on its first invocation, so a
 * stack that never makes a document never loads docx, Vega or resvg), and
 * answers as Lambda does: the handler's result as JSON; a handler that
 * throws, or a result over Lambda's 6 MB limit, as a function error.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A function's handler, as Lambda calls it (no context here). */
export type LocalLambdaHandler = (event: never) => Promise<unknown>;

/** The name the API function invokes the document function by, locally (deployed: the function's own name). */
export const LOCAL_ANNUAL_DOCUMENT_FUNCTION = 'annual-document';

/** The functions the stand-in serves, by name. */
export const LOCAL_FUNCTIONS: Readonly<Record<string, () => Promise<LocalLambdaHandler>>> = {
  [LOCAL_ANNUAL_DOCUMENT_FUNCTION]: async () => (await import('#functions/annual-document/handler')).handler as LocalLambdaHandler,
};

/** Lambda's limit on a synchronous invocation's response. */
const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

/** A running stand-in: its endpoint for `AWS_ENDPOINT_URL_LAMBDA`. */
export interface RunningLambdaLocal {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts the stand-in on 127.0.0.1 (port 0: any free one). */
export async function startLambdaLocal(options: { port?: number; functions?: Readonly<Record<string, () => Promise<LocalLambdaHandler>>> } = {}): Promise<RunningLambdaLocal> {
  const functions = options.functions ?? LOCAL_FUNCTIONS;
  const server: Server = createServer((request, response) => {
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const name = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(new URL(request.url ?? '/', 'http://localhost').pathname)?.[1];
    if (request.method !== 'POST' || name === undefined) return answer(404, { message: 'Not Found' });
    const load = functions[decodeURIComponent(name)];
    if (!load) return answer(404, { Type: 'User', message: `Function not found: ${name}` }, { 'x-amzn-errortype': 'ResourceNotFoundException' });
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        try {
          const text = Buffer.concat(chunks).toString('utf8');
          const handler = await load();
          const result = JSON.stringify((await handler((text === '' ? {} : JSON.parse(text)) as never)) ?? null);
          if (Buffer.byteLength(result) > MAX_RESPONSE_BYTES) {
            return answer(200, { errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).` }, { 'x-amz-function-error': 'Unhandled' });
          }
          answer(200, result, { 'x-amz-executed-version': '$LATEST' });
        } catch (error) {
          const failure = error instanceof Error ? error : new Error(String(error));
          answer(200, { errorType: failure.name, errorMessage: failure.message, trace: (failure.stack ?? '').split('\n') }, { 'x-amz-function-error': 'Unhandled' });
        }
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
