// Builds what `wasmdriver serve` runs: the daemon bundled into one ESM file
// (one module graph to load instead of hundreds keeps start-up short) and
// the shipped policies compiled to dist/policies/NAME.wasm.
import { build } from 'esbuild';
import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { buildPolicy } from '../guests/compiler/index';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = join(root, 'dist/wasmdriver.mjs');

await build({
  entryPoints: [join(root, 'host/cli/main.ts')],
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

const policiesDir = join(root, 'guests/policies');
const outDir = join(root, 'dist/policies');
await mkdir(outDir, { recursive: true });
for (const name of (await readdir(policiesDir)).sort()) {
  const entry = join(policiesDir, name, 'policy.ts');
  if (!existsSync(entry)) continue;
  const built = await buildPolicy({ entry });
  await writeFile(join(outDir, `${name}.wasm`), built.wasm);
  process.stderr.write(`build: policy ${name}: ${built.wasm.byteLength} bytes, sha256 ${built.sha256}, hooks ${built.exports.join(',')}\n`);
}
