import { buildPolicy } from '../guests/compiler/index';
import createPlugin from '@extism/extism';
let t = performance.now();
const b = await buildPolicy({ entry: '/tmp/wdp/loop.ts' });
console.log('build ms', performance.now() - t, b.wasm.byteLength);
const module = await WebAssembly.compile(b.wasm);
const mk = async () => createPlugin({ wasm: [{ module }], config: { 'wasmdriver.max_ops': '1000000000000' } }, { useWasi: false, runInWorker: false, functions: { 'extism:host/user': {} } });
t = performance.now(); const p = await mk(); console.log('create ms', performance.now() - t);
for (const fn of ['bridgeName', 'volumePath']) for (const n of [1000, 100000, 1000000, 1000000, 3000000]) {
  const inp = JSON.stringify({ options: { n: String(n) } });
  t = performance.now();
  try { await p.call(fn, inp); } catch (e) { console.log((e as Error).message); }
  console.log(fn, n, (performance.now() - t).toFixed(1), 'ms');
}
