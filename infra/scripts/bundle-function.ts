/**
 * Bundles one function for the stack (infra/constructs/service-function.ts runs
 * it as its local bundling, once per function at synth):
 *   tsx infra/scripts/bundle-function.ts --function <dir under functions/> --out <folder> [--assets '<JSON>']
 * A process of its own because CDK's local bundling is synchronous and esbuild
 * runs plugins only in its asynchronous API (infra/constructs/bundling.ts).
 */
import { parseArgs } from 'node:util';
import { bundleFunction, functionEntry, type FunctionAsset } from '#infra/constructs/bundling';

const { values } = parseArgs({ options: { function: { type: 'string' }, out: { type: 'string' }, assets: { type: 'string', default: '[]' } } });
if (!values.function || !values.out) {
  console.error("usage: tsx infra/scripts/bundle-function.ts --function <dir> --out <folder> [--assets '<JSON>']");
  process.exit(2);
}
await bundleFunction(functionEntry(values.function), values.out, JSON.parse(values.assets) as FunctionAsset[]);
