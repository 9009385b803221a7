// `wasmdriver policy build` and `policy call` through the real CLI entry point.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const main = path.join(root, 'host/cli/main.ts');

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', main, ...args], { cwd: root, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

test('policy build writes a module that policy call runs', { skip: !existsSync(path.join(root, 'host/cli/serve-command.ts')) }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wd-cli-'));
  writeFileSync(
    path.join(dir, 'p.ts'),
    "export function decide() { const i = JSON.parse(Host.inputString()); Host.outputString(JSON.stringify({ pool: i.want, k: Config.get('k') })); }\n" +
      "export function refuse() { throw new Error('no pools left'); }\n",
  );
  writeFileSync(path.join(dir, 'in.json'), '{"want":"blue"}');
  const wasm = path.join(dir, 'p.wasm');

  const built = await cli(['policy', 'build', path.join(dir, 'p.ts'), '-o', wasm]);
  assert.equal(built.code, 0, built.stderr);
  assert.match(built.stderr, /exports decide, refuse/);

  const ok = await cli(['policy', 'call', wasm, 'decide', '--input', `@${path.join(dir, 'in.json')}`, '--config', 'k=v']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, '{"pool":"blue","k":"v"}\n');

  const failed = await cli(['policy', 'call', wasm, 'refuse', '--input', '{}']);
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /Plugin-originated error: Error: no pools left/);

  const notJson = await cli(['policy', 'call', wasm, 'decide', '--input', '{bad json', '--config', 'k=v']);
  assert.equal(notJson.code, 1);
  assert.match(notJson.stderr, /SyntaxError[^\n]*\n\(the --input given is not valid JSON; it was passed to decide as raw text\)/);

  const missing = await cli(['policy', 'call', wasm, 'nope', '--input', '{}']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /has no export "nope"/);

  writeFileSync(path.join(dir, 'bad.ts'), 'export function f() {\n  return (;\n}\n');
  const bad = await cli(['policy', 'build', path.join(dir, 'bad.ts'), '-o', path.join(dir, 'bad.wasm')]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /bad\.ts:2:\d+: /);
});
