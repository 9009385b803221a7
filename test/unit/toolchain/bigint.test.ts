// BigInt runs on libbf with 32-bit limbs in wasm32; compare against V8.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSource, callText, load } from './helpers';

const GUEST = `
export function ops() {
  const pairs: [string, string][] = JSON.parse(Host.inputString());
  const dv = new DataView(new ArrayBuffer(8));
  Host.outputString(JSON.stringify(pairs.map(([x, y]) => {
    const a = BigInt(x), b = BigInt(y);
    dv.setBigInt64(0, BigInt.asIntN(64, a));
    return [a + b, a - b, a * b, b !== 0n ? a / b : 0n, b !== 0n ? a % b : 0n, a & b, a | b, a ^ b, a << 3n, a >> 5n,
      BigInt.asUintN(64, a), BigInt.asIntN(64, a), BigInt.asUintN(32, a), dv.getBigUint64(0), dv.getBigInt64(0), a < b, a === b]
      .map((v) => typeof v === 'bigint' ? v.toString(16) : String(v));
  })));
}
`;

function expected([x, y]: [string, string]): string[] {
  const a = BigInt(x);
  const b = BigInt(y);
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigInt64(0, BigInt.asIntN(64, a));
  return [a + b, a - b, a * b, b !== 0n ? a / b : 0n, b !== 0n ? a % b : 0n, a & b, a | b, a ^ b, a << 3n, a >> 5n,
    BigInt.asUintN(64, a), BigInt.asIntN(64, a), BigInt.asUintN(32, a), dv.getBigUint64(0), dv.getBigInt64(0), a < b, a === b]
    .map((v) => (typeof v === 'bigint' ? v.toString(16) : String(v)));
}

test('BigInt arithmetic and 64-bit conversions match V8', async () => {
  let s = 0x1234567;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
  const big = () => {
    const words = 1 + (rnd() % 5);
    let v = 0n;
    for (let i = 0; i < words; i++) v = (v << 32n) | BigInt(rnd());
    return (rnd() & 1 ? -v : v).toString();
  };
  const pairs: [string, string][] = [['0', '1'], ['-1', '1'], [String(2n ** 64n - 1n), '3'], [String(-(2n ** 63n)), '7']];
  for (let i = 0; i < 1500; i++) pairs.push([big(), big()]);
  const plugin = await load((await buildSource(GUEST)).wasm);
  const got: string[][] = JSON.parse(await callText(plugin, 'ops', JSON.stringify(pairs)));
  const mismatches = pairs.flatMap((p, i) => {
    const want = expected(p);
    return want.flatMap((w, k) => (got[i]![k] === w ? [] : [`${p} op#${k}: got ${got[i]![k]} want ${w}`]));
  });
  assert.deepEqual(mismatches.slice(0, 10), []);
});
