// Pure number formatting and parsing shared by the guest program
// 60-number-format-v8.ts and the conformance test, which runs the same code in
// Node (V8) to compute the expected output. No host API here.

const DIGITS = [0, 1, 2, 5, 10, 20];
const PRECISIONS = [1, 2, 3, 7, 12, 16, 17, 21];

// String(x), then toFixed / toPrecision / toExponential at several widths.
export function formatNumber(x: number): string[] {
  const out = [String(x), x.toExponential(), `${x}`, JSON.stringify(x)];
  for (const p of PRECISIONS) out.push(x.toPrecision(p));
  for (const f of DIGITS) out.push(x.toExponential(f));
  if (Math.abs(x) < 1e21) for (const d of DIGITS) out.push(x.toFixed(d));
  return out;
}

function bits(x: number): string {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  return dv.getUint32(0).toString(16).padStart(8, '0') + dv.getUint32(4).toString(16).padStart(8, '0');
}

// Number(s), parseFloat(s), +s, as exact bit patterns (NaN is canonical in both).
export function parseNumber(s: string): string[] {
  return [bits(Number(s)), bits(parseFloat(s)), bits(+s), String(Number(s)), String(parseFloat(s))];
}

// Deterministic values: edge cases, then seeded random doubles of several kinds.
export function numberValues(count: number): number[] {
  const edge = [
    0, -0, 1, -1, 0.5, 1.5, 2.5, -2.5, 0.05, 0.15, 0.25, 0.35, 1.005, 1.045, 8.345, 10.235, 123.456, 1e21, -1e21,
    9.999999999999999e20, 1e-7, 1e-6, 1.5e-7, 123e-20, 0.1, 0.2, 0.3, 0.1 + 0.2, 1 / 3, 2 / 3, Math.PI, Math.E,
    5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 4.9406564584124654e-324,
    Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER,
    2 ** 53, 2 ** 53 + 2, 2 ** 64, 2 ** 31, -(2 ** 31), 2 ** 32, 4.35, 1.255, 0.000001, 999.995, 99.5, 0.95, 9.5,
    1e20, 1e22, 1e23, 4503599627370496.5, 25, 1234.5678, 12345678901234567890, 0.1 * 3, 100, 1e100, 1e-100, 1e308,
    1e-308, 1e-323, 123456789012345680000, 0.000123, 1.23e-5, 5e-7, 6.02214076e23, Infinity, -Infinity, NaN,
  ];
  const out = [...edge];
  for (let e = -30; e <= 30; e++) out.push(10 ** e, 5 * 10 ** e, 1.5 * 10 ** e);
  let s = 0x2545f491;
  const rnd = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const dv = new DataView(new ArrayBuffer(8));
  for (let i = 0; out.length < count; i++) {
    let x: number;
    switch (i % 6) {
      case 0: // any finite double
        do {
          dv.setUint32(0, (rnd() * 2 ** 32) >>> 0);
          dv.setUint32(4, (rnd() * 2 ** 32) >>> 0);
          x = dv.getFloat64(0);
        } while (!Number.isFinite(x));
        break;
      case 1: // subnormals
        dv.setUint32(0, (rnd() * 2 ** 20) >>> 0);
        dv.setUint32(4, (rnd() * 2 ** 32) >>> 0);
        x = dv.getFloat64(0) * (rnd() < 0.5 ? -1 : 1);
        break;
      case 2: // ordinary magnitudes
        x = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20);
        break;
      case 3: // decimal halves: ties where rounding modes differ
        x = Math.round(rnd() * 1e6) / 1000 + 0.0005;
        break;
      case 4: // dyadic fractions (exact binary halves)
        x = Math.round(rnd() * 2 ** 20) / 2 ** Math.floor(rnd() * 12);
        break;
      default: // integers near powers of two and ten
        x = Math.round(2 ** Math.floor(rnd() * 70)) + Math.floor(rnd() * 5) - 2;
    }
    out.push(x);
  }
  return out.slice(0, count);
}

// Strings for the parse test: each value printed several ways, plus hand-picked
// strings (whitespace, signs, exponents, hex, garbage, very long digit runs).
export function parseStrings(values: number[]): string[] {
  const out = [
    '', ' ', '  42  ', '\t\n1.5\r\n', '+1', '-0', '-', '+', '.5', '5.', '.', '1e', '1e+', '1e3', '1E-3', '0x1f', '0X1F',
    '0b101', '0o17', '-0x10', '1_000', 'Infinity', '-Infinity', '+Infinity', 'infinity', 'NaN', '12px', '1.2.3',
    '999999999999999900000', '12345678901234567890123', '0.1e-400', '1e400', '-1e400', '4.9406564584124654e-324',
    '2.4703282292062327e-324', '2.4703282292062328e-324', '1.7976931348623158e308', '1.7976931348623159e308',
    '0.' + '0'.repeat(400) + '1', '1' + '0'.repeat(400), '9007199254740993', '9007199254740992.5',
    '0.30000000000000004', '00012', '1e-7', '\u00a012', '\u20281', '\ufeff7', '1n', 'abc', '3.14abc',
  ];
  for (const x of values) {
    if (!Number.isFinite(x)) continue;
    out.push(String(x), x.toPrecision(21), x.toExponential(20));
    if (Math.abs(x) < 1e21) out.push(x.toFixed(3));
  }
  return out;
}
