// buildPolicy: module shape, determinism, and errors that point at the source.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { buildPolicy, PolicyBuildError } from '../../../guests/compiler/index';
import { buildSource, callText, load } from './helpers';

const SIMPLE = `
import { pick } from './lib';
const answer = pick([1, 2, 42]);
export function decide() { Host.outputString(JSON.stringify({ answer, input: JSON.parse(Host.inputString()) })); return 0; }
export function another() { return 0; }
`;
const LIB = `export function pick(xs: number[]): number { return xs[xs.length - 1]!; }\n`;

function writePolicy(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wd-compiler-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dir, name), body);
  return dir;
}

async function buildError(files: Record<string, string>, iface?: string): Promise<PolicyBuildError> {
  const dir = writePolicy({ ...files, ...(iface ? { 'policy.d.ts': iface } : {}) });
  try {
    await buildPolicy({ entry: path.join(dir, 'policy.ts'), ...(iface ? { interfaceFile: path.join(dir, 'policy.d.ts') } : {}) });
  } catch (err) {
    assert.ok(err instanceof PolicyBuildError, `expected PolicyBuildError, got ${err}`);
    return err;
  }
  throw new Error('build succeeded');
}

test('a policy imports only extism:host/env and runs with useWasi false', async () => {
  const dir = writePolicy({ 'policy.ts': SIMPLE, 'lib.ts': LIB });
  const built = await buildPolicy({ entry: path.join(dir, 'policy.ts') });
  const mod = new WebAssembly.Module(built.wasm);
  assert.deepEqual([...new Set(WebAssembly.Module.imports(mod).map((i) => i.module))], ['extism:host/env']);
  assert.deepEqual(WebAssembly.Module.exports(mod).map((e) => e.name), ['__wd_memory', 'another', 'decide']);
  assert.deepEqual(built.exports, ['another', 'decide']);
  assert.ok(built.wasm.length <= 1024 * 1024, `module is ${built.wasm.length} bytes`);
  assert.ok(built.buildMs < 2000, `build took ${built.buildMs} ms`);
  const p = await load(built.wasm);
  assert.equal(await callText(p, 'decide', '{"x":1}'), '{"answer":42,"input":{"x":1}}');
});

test('building twice gives the same bytes', async () => {
  const dir = writePolicy({ 'policy.ts': SIMPLE, 'lib.ts': LIB });
  const a = await buildPolicy({ entry: path.join(dir, 'policy.ts') });
  const b = await buildPolicy({ entry: path.join(dir, 'policy.ts') });
  assert.equal(a.sha256, b.sha256);
  assert.deepEqual(a.wasm, b.wasm);
});

test('with host functions, the only other import module is extism:host/user', async () => {
  const built = await buildSource(`export function f() { return 0; }`, `declare module 'extism:host' { interface user { lookup(k: PTR): PTR; ping(): void; } }`);
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(built.wasm));
  assert.deepEqual([...new Set(imports.map((i) => i.module))].sort(), ['extism:host/env', 'extism:host/user']);
  assert.deepEqual(imports.filter((i) => i.module === 'extism:host/user').map((i) => i.name), ['lookup', 'ping']);
});

test('a syntax error names the file, line and column', async () => {
  const err = await buildError({ 'policy.ts': 'export function f() {\n  return 1 +;\n}\n' });
  assert.match(err.file!, /policy\.ts$/);
  assert.equal(err.line, 2);
  assert.equal(err.column, 13);
  assert.match(err.message, /policy\.ts:2:13: /);
});

test('an exception in top-level code is mapped to the original .ts line', async () => {
  const err = await buildError({
    'policy.ts': "import { init } from './lib';\ninit();\nexport function f() { return 0; }\n",
    'lib.ts': 'type T = { a: number };\nconst t: T = { a: 1 };\nexport function init(): void {\n  if (t.a === 1) throw new Error(\'config broken\');\n}\n',
  });
  assert.match(err.file!, /lib\.ts$/);
  assert.equal(err.line, 4);
  assert.match(err.message, /lib\.ts:4(:\d+)?: top-level code threw: Error: config broken/);
});

test('a runaway top-level loop fails the build with the operations limit', async () => {
  const err = await buildError({ 'policy.ts': 'for (;;) {}\nexport function f() { return 0; }\n' });
  assert.match(err.message, /top-level code threw: limit exceeded: operations/);
});

test('calling a host function from top-level code fails the build', async () => {
  const err = await buildError(
    { 'policy.ts': "const v = (Host.getFunctions() as any).lookup(1n);\nexport function f() { return v; }\n" },
    "declare module 'extism:host' { interface user { lookup(k: I64): I64; } }",
  );
  assert.match(err.message, /host function lookup cannot be called from top-level code/);
  assert.equal(err.line, 1);
});

test('interface file problems name the interface file and line', async () => {
  const bad = await buildError({ 'policy.ts': 'export function f() { return 0; }' }, "declare module 'extism:host' {\n  interface user {\n    f(a: string): I64;\n  }\n}\n");
  assert.match(bad.file!, /policy\.d\.ts$/);
  assert.equal(bad.line, 3);
  const many = await buildError({ 'policy.ts': 'export function f() { return 0; }' }, "declare module 'extism:host' { interface user { f(a: I32, b: I32, c: I32, d: I32, e: I32, g: I32): I32; } }");
  assert.match(many.message, /at most 5/);
  const missing = await buildError({ 'policy.ts': 'export function f() { return 0; }' }, "declare module 'main' {\n  export function decide(): I32;\n}\n");
  assert.match(missing.message, /policy\.d\.ts:2: export decide is declared but module\.exports has no function decide/);
});

test('exports Extism would run at load time are refused', async () => {
  const err = await buildError({ 'policy.ts': 'export function _start() { return 0; }' });
  assert.match(err.message, /_start is reserved/);
});

test('extra interface files are merged into the imports', async () => {
  const dir = writePolicy({
    'policy.ts': 'export function f() { return 0; }',
    'a.d.ts': "declare module 'extism:host' { interface user { a(): I32; } }",
    'b.d.ts': "declare module 'extism:host' { interface user { b(x: F64): F32; } }",
  });
  const built = await buildPolicy({ entry: path.join(dir, 'policy.ts'), interfaceFile: path.join(dir, 'a.d.ts'), extraInterfaceFiles: [path.join(dir, 'b.d.ts')] });
  assert.deepEqual(built.hostFunctions.map((f) => f.name), ['a', 'b']);
});
