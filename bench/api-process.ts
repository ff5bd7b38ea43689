/**
 * The API of a benchmark, in a process of its own (`bench/api-server.ts`), as
 * the Lambda runs it: started on a free port, and answered with its URL once
 * it says it is listening. The caller kills `child` when done.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TSX = path.join(HERE, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');

export async function startApiServer(options: { dynamoDb: string; table: string; dataDir: string }): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [TSX, path.join(HERE, 'api-server.ts'), '--dynamodb', options.dynamoDb, '--table', options.table, '--data-dir', options.dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`the API server exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}
