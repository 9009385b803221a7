// One instance, many calls using Var: no error, flat linear memory, flat
// host heap. Full 1,000,000-call run with WASMDRIVER_SOAK=1; 50,000 otherwise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MEMORY_EXPORT } from '../../../guests/compiler/index';
import { buildSource, load } from './helpers';

const CALLS = process.env.WASMDRIVER_SOAK === '1' ? 1_000_000 : 50_000;

const GUEST = `
export function step() {
  const n = Number(Var.getString('n') ?? '0') + 1;
  Var.set('n', String(n));
  const req = JSON.parse(Host.inputString());
  Host.outputString(JSON.stringify({ n, pool: req.pool, addr: '10.0.' + (n >> 8 & 255) + '.' + (n & 255) }));
  return 0;
}
`;

test(`${CALLS} calls on one instance with Var keep memory flat`, { timeout: 30 * 60_000 }, async () => {
  const plugin = await load((await buildSource(GUEST)).wasm);
  const memory = (await plugin.getInstance()).exports[MEMORY_EXPORT] as WebAssembly.Memory;
  const input = JSON.stringify({ pool: 'p1', labels: { a: 'b' } });
  const warmup = Math.min(10_000, CALLS / 10);
  let wasmAfterWarmup = 0;
  let heapAfterWarmup = 0;
  const started = performance.now();
  for (let i = 1; i <= CALLS; i++) {
    const out = await plugin.call('step', input);
    if (i % 1000 === 0 || i === 1) assert.equal(JSON.parse(out!.text()).n, i);
    if (i === warmup) {
      global.gc?.();
      wasmAfterWarmup = memory.buffer.byteLength;
      heapAfterWarmup = process.memoryUsage().heapUsed;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  global.gc?.();
  const wasmEnd = memory.buffer.byteLength;
  const heapEnd = process.memoryUsage().heapUsed;
  console.log(
    `soak: ${CALLS} calls in ${seconds.toFixed(1)} s (${((seconds / CALLS) * 1e6).toFixed(1)} µs/call); ` +
      `wasm memory ${wasmAfterWarmup} -> ${wasmEnd} bytes; host heap ${(heapAfterWarmup / 1e6).toFixed(1)} -> ${(heapEnd / 1e6).toFixed(1)} MB`,
  );
  assert.equal(wasmEnd, wasmAfterWarmup, 'linear memory grew after warm-up');
  assert.ok(heapEnd < heapAfterWarmup + 32e6, 'host heap grew by more than 32 MB');
});
