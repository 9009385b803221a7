// The engine's number formatting must match V8 (Node) exactly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSource, callText, load } from './helpers';

const GUEST = `
function formats(x: number): string[] {
  const out = [String(x), x.toExponential()];
  for (let p = 1; p <= 21; p++) out.push(x.toPrecision(p));
  for (let f = 0; f <= 20; f++) out.push(x.toExponential(f));
  if (Math.abs(x) < 1e21) for (let d = 0; d <= 20; d++) out.push(x.toFixed(d));
  return out;
}
export function parse() {
  const ss: string[] = JSON.parse(Host.inputString());
  const dv = new DataView(new ArrayBuffer(8));
  Host.outputString(JSON.stringify(ss.map((s) => { dv.setFloat64(0, Number(s)); return dv.getBigUint64(0).toString(16); })));
}
export function format() {
  const xs: number[] = JSON.parse(Host.inputString()).map((s: string) => Number(s));
  Host.outputString(JSON.stringify(xs.map(formats)));
}
`;

function formats(x: number): string[] {
  const out = [String(x), x.toExponential()];
  for (let p = 1; p <= 21; p++) out.push(x.toPrecision(p));
  for (let f = 0; f <= 20; f++) out.push(x.toExponential(f));
  if (Math.abs(x) < 1e21) for (let d = 0; d <= 20; d++) out.push(x.toFixed(d));
  return out;
}

// Deterministic generator so failures reproduce.
function* values(count: number): Generator<number> {
  const edge = [
    0, -0, 1, -1, 0.5, 1.5, 2.5, -2.5, 0.05, 0.15, 0.25, 0.35, 1.005, 1.045, 8.345, 10.235, 123.456, 1e21, 9.999999999999999e20,
    1e-7, 1e-6, 123e-20, 0.1, 0.2, 0.3, 0.1 + 0.2, 1 / 3, 2 / 3, Math.PI, Math.E, 5e-324, 2.2250738585072014e-308,
    Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 4.35, 1.255, 0.000001, 999.995, 99.5, 0.95,
    9.5, 1e20, 1.7976931348623157e308, 4503599627370496.5, 25, 1234.5678, 12345678901234567890,
  ];
  yield* edge;
  let s = 0x2545f491;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const buf = new DataView(new ArrayBuffer(8));
  for (let i = 0; i < count; i++) {
    const kind = i % 4;
    let x: number;
    if (kind === 0) {
      // any finite double
      do {
        buf.setUint32(0, (rnd() * 2 ** 32) >>> 0);
        buf.setUint32(4, (rnd() * 2 ** 32) >>> 0);
        x = buf.getFloat64(0);
      } while (!Number.isFinite(x));
    } else if (kind === 1) {
      x = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 30 - 10);
    } else if (kind === 2) {
      // decimal halves: ties in the decimal view, where rounding differs
      x = Math.round(rnd() * 1e6) / 1000 + 0.0005;
    } else {
      x = Math.round(rnd() * 2 ** 20) / 2 ** Math.floor(rnd() * 12);
    }
    yield x;
  }
}

test('toFixed, toPrecision, toExponential and String(n) match V8', async () => {
  const built = await buildSource(GUEST);
  const plugin = await load(built.wasm);
  const xs = [...values(3000)];
  let compared = 0;
  const mismatches: string[] = [];
  for (let i = 0; i < xs.length; i += 250) {
    const batch = xs.slice(i, i + 250);
    const got: string[][] = JSON.parse(await callText(plugin, 'format', JSON.stringify(batch.map((x) => (Object.is(x, -0) ? '-0' : String(x)))))) ;
    batch.forEach((x, j) => {
      const want = formats(x);
      want.forEach((w, k) => {
        compared++;
        if (got[j]![k] !== w && mismatches.length < 10) mismatches.push(`${x}: #${k} got ${got[j]![k]} want ${w}`);
      });
    });
  }
  assert.deepEqual(mismatches, []);
  assert.ok(compared > 150000, `compared ${compared} strings`);
});

test('Number(string) parses decimal strings exactly like V8', async () => {
  const built = await buildSource(GUEST);
  const plugin = await load(built.wasm);
  const strings = [...values(3000)].flatMap((x) => [String(x), x.toPrecision(21), x.toFixed(Math.abs(x) < 1e21 ? 3 : 0)]);
  strings.push('999999999999999900000', '12345678901234567890123', '0.1e-400', '1e400', '-0', '0x1f', '  42  ', '4.9406564584124654e-324');
  const got: string[] = JSON.parse(await callText(plugin, 'parse', JSON.stringify(strings)));
  const dv = new DataView(new ArrayBuffer(8));
  const mismatches = strings
    .map((s, i) => {
      dv.setFloat64(0, Number(s));
      const want = dv.getBigUint64(0).toString(16);
      return got[i] === want ? null : `${s}: got ${got[i]} want ${want}`;
    })
    .filter(Boolean)
    .slice(0, 10);
  assert.deepEqual(mismatches, []);
});
