/**
 * The files the chart pictures need at run time: resvg's WebAssembly and the
 * font the charts' text is drawn in (Arimo, metric-compatible with Arial, the
 * page's font; SIL Open Font License). resvg sees no system fonts, so
 * without a font of its own a chart would have no words. Deployed, the
 * document function's bundling copies them beside its `index.mjs`
 * (infra/constructs/api.ts); elsewhere they are read from node_modules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The font family the charts name; the one font file resvg is given. */
export const CHART_FONT_FAMILY = 'Arimo';

/** Each asset: where it is in node_modules, and its name beside the bundle. */
export const CHART_ASSETS = {
  wasm: { module: '@resvg/resvg-wasm/index_bg.wasm', bundled: 'resvg.wasm' },
  regular: { module: '@expo-google-fonts/arimo/400Regular/Arimo_400Regular.ttf', bundled: 'Arimo-Regular.ttf' },
  bold: { module: '@expo-google-fonts/arimo/700Bold/Arimo_700Bold.ttf', bundled: 'Arimo-Bold.ttf' },
} as const;

/** The assets' bytes. */
export interface ChartAssetBytes {
  wasm: Uint8Array;
  fonts: Uint8Array[];
}

/** Reads the assets: beside the running bundle when they are there, else from node_modules. */
export function readChartAssets(): ChartAssetBytes {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const bundled = existsSync(path.join(here, CHART_ASSETS.wasm.bundled));
  const require = createRequire(import.meta.url);
  const read = (asset: { module: string; bundled: string }) => readFileSync(bundled ? path.join(here, asset.bundled) : require.resolve(asset.module));
  return { wasm: read(CHART_ASSETS.wasm), fonts: [read(CHART_ASSETS.regular), read(CHART_ASSETS.bold)] };
}
