// Bundles the daemon and CLI into one ESM file: one module graph to load
// instead of hundreds keeps `wasmdriver serve` start-up short.
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}dist/wasmdriver.mjs`;

await build({
  entryPoints: [`${root}host/cli/main.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  // Native addons and packages that locate files next to themselves at run
  // time stay in node_modules.
  external: ['better-sqlite3', '@extism/extism', 'esbuild', 'binaryen'],
  banner: {
    // Bundled CommonJS dependencies still call require().
    js: "import { createRequire as __wdCreateRequire } from 'node:module'; const require = __wdCreateRequire(import.meta.url);",
  },
});
await chmod(outfile, 0o755);
