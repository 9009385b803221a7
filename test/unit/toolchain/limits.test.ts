// Hostile guests get a clear error within budget, and the same instance
// serves the next call.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Plugin } from '@extism/extism';
import { buildSource, callError, callText, load, type Built } from './helpers';

const HOSTILE = `
export function ok() { Host.outputString('ok ' + Host.inputString()); }
export function spin() { for (;;) {} }
export function spinCaught() { for (;;) { try { for (;;) {} } catch (e) {} } }
export function alloc() { const a: string[] = []; for (;;) a.push('x'.repeat(4096) + a.length); }
export function allocCaught() { const a: string[] = []; try { for (;;) a.push('x'.repeat(4096) + a.length); } catch (e) { a.length = 0; throw e; } }
export function recurse() { const f = (n: number): number => f(n + 1) + 1; return f(0); }
export function jsonDeep() { let o: any = {}; for (let i = 0; i < 100000; i++) o = { a: o }; Host.outputString(JSON.stringify(o)); }
export function regex() { Host.outputString(String(/^(a+)+$/.test('a'.repeat(64) + 'b'))); }
export function rejected() { return Promise.reject(new Error('nope')); }
export function pending() { return new Promise(() => {}); }
export function leakJobs() { Promise.resolve().then(() => { (globalThis as any).leaked = true; }); for (;;) {} }
export function sawLeak() { Host.outputString(String((globalThis as any).leaked === true)); }
`;

let built: Built;
before(async () => {
  built = await buildSource(HOSTILE);
});

async function expectLimit(p: Plugin, fn: string, prefix: string, maxMs: number): Promise<void> {
  const t = performance.now();
  const msg = await callError(p, fn);
  const ms = performance.now() - t;
  assert.match(msg, new RegExp(`^Plugin-originated error: ${prefix}`), `${fn}: ${msg}`);
  assert.ok(ms < maxMs, `${fn} took ${ms.toFixed(0)} ms`);
  assert.equal(await callText(p, 'ok', fn), `ok ${fn}`, `instance unusable after ${fn}`);
}

test('operation budget stops infinite loops, even ones that catch', async () => {
  const p = await load(built.wasm, { config: { 'wasmdriver.max_ops': '2000000' } });
  await expectLimit(p, 'spin', 'limit exceeded: operations', 2000);
  await expectLimit(p, 'spinCaught', 'limit exceeded: operations', 2000);
});

test('operation budget stops catastrophic regexp backtracking', async () => {
  const p = await load(built.wasm, { config: { 'wasmdriver.max_ops': '2000000' } });
  await expectLimit(p, 'regex', 'limit exceeded: operations', 2000);
});

test('default operation budget stops a loop within about a second', async () => {
  const p = await load(built.wasm);
  await expectLimit(p, 'spin', 'limit exceeded: operations', 3000);
});

test('heap limit stops unbounded allocation and the instance recovers', async () => {
  const p = await load(built.wasm, { config: { 'wasmdriver.max_heap_bytes': String(16 << 20) } });
  await expectLimit(p, 'alloc', 'limit exceeded: heap', 5000);
  await expectLimit(p, 'allocCaught', 'limit exceeded: heap', 5000);
  await expectLimit(p, 'alloc', 'limit exceeded: heap', 5000);
});

test('stack limit stops deep recursion, in JS and inside JSON.stringify', async () => {
  const p = await load(built.wasm);
  await expectLimit(p, 'recurse', 'limit exceeded: stack', 2000);
  await expectLimit(p, 'jsonDeep', 'limit exceeded: stack', 5000);
  const small = await load(built.wasm, { config: { 'wasmdriver.max_stack_bytes': '32768' } });
  await expectLimit(small, 'recurse', 'limit exceeded: stack', 2000);
});

test('every hostile guest in turn on one instance, then normal calls', async () => {
  const p = await load(built.wasm, { config: { 'wasmdriver.max_ops': '2000000', 'wasmdriver.max_heap_bytes': String(16 << 20) } });
  for (let round = 0; round < 3; round++) {
    await expectLimit(p, 'spin', 'limit exceeded: operations', 2000);
    await expectLimit(p, 'alloc', 'limit exceeded: heap', 5000);
    await expectLimit(p, 'recurse', 'limit exceeded: stack', 2000);
    await expectLimit(p, 'regex', 'limit exceeded: operations', 2000);
  }
});

test('jobs queued by a failed call do not run in the next call', async () => {
  const p = await load(built.wasm, { config: { 'wasmdriver.max_ops': '1000000' } });
  await expectLimit(p, 'leakJobs', 'limit exceeded: operations', 2000);
  assert.equal(await callText(p, 'sawLeak'), 'false');
});

test('rejected and never-settling promises are errors', async () => {
  const p = await load(built.wasm);
  assert.equal(await callError(p, 'rejected'), 'Plugin-originated error: Error: nope');
  assert.match(await callError(p, 'pending'), /never settled/);
  assert.equal(await callText(p, 'ok', 'x'), 'ok x');
});

test('invalid limit config is reported on the call', async () => {
  const p = await load(built.wasm, { config: { 'wasmdriver.max_ops': 'lots' } });
  assert.match(await callError(p, 'ok'), /invalid config wasmdriver\.max_ops/);
  const q = await load(built.wasm, { config: { 'wasmdriver.max_stack_bytes': String(1 << 20) } });
  assert.match(await callError(q, 'ok'), /invalid config wasmdriver\.max_stack_bytes/);
});

test('after a trap inside the engine, every later call says the instance must be recreated', async () => {
  const trapping = await buildSource(
    `export function call() { (Host.getFunctions() as any).explode(); }\nexport function ok() { Host.outputString('ok'); }\n`,
    `declare module 'extism:host' { interface user { explode(): void; } }`,
  );
  const p = await load(trapping.wasm, {
    functions: {
      'extism:host/user': {
        explode: () => {
          throw new Error('host function failed');
        },
      },
    },
  });
  await assert.rejects(p.call('call', ''), /host function failed/);
  assert.match(await callError(p, 'ok'), /an earlier call trapped inside the engine; recreate the plugin instance/);
});

test('operation counting starts afresh each call, so small calls pass a small budget every time', async () => {
  const p = await load(built.wasm, { config: { 'wasmdriver.max_ops': '1' } });
  for (let i = 0; i < 50; i++) assert.equal(await callText(p, 'ok', String(i)), `ok ${i}`);
  await expectLimit(p, 'spin', 'limit exceeded: operations', 2000);
});
