import { buildPolicy } from '../guests/compiler/index';
import createPlugin from '@extism/extism';
const b = await buildPolicy({ entry: 'test/fixtures/policies/runaway/policy.ts' });
let t0 = performance.now(); const module = await WebAssembly.compile(b.wasm); console.log('compile', performance.now()-t0);
const mk = (ops: number, heap = 64 << 20) => createPlugin({ wasm: [{ module }], config: { 'wasmdriver.max_ops': String(ops), 'wasmdriver.max_heap_bytes': String(heap) } }, { useWasi: false, runInWorker: false, functions: { 'extism:host/user': {} } });
for (const mode of ['loop','churn-objects','alloc']) for (const ops of [1e6]) {
  const p = await mk(ops);
  const times: string[] = [];
  let msg = '';
  for (let i = 0; i < 6; i++) {
    const t = performance.now();
    try { await p.call('bridgeName', JSON.stringify({ networkId: 'abc', options: { runaway: mode } })); msg = 'ok'; } catch (e) { msg = (e as Error).message.slice(0, 100); }
    times.push((performance.now() - t).toFixed(1));
  }
  console.log(mode, ops, times.join(' '), msg);
  await p.close();
}
