// Number.prototype.toString(radix) compared with V8 over a few hundred doubles
// and every radix 2..36. Input: [[bits, radix], ...], bits the IEEE-754
// pattern of the double as 16 hex digits (so the value reaches the guest
// exactly). The inputs were generated once in Node (seeded xorshift: edge
// values, any finite double, ordinary magnitudes, short binary fractions,
// integers beyond 2^53, values just below an integer, subnormals) and the
// outputs filled by test/conformance/fill-expected.ts, i.e. by V8.
function fromBits(hex: string): number {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setUint32(0, parseInt(hex.slice(0, 8), 16));
  dv.setUint32(4, parseInt(hex.slice(8), 16));
  return dv.getFloat64(0);
}

export function radix(): number {
  const cases: [string, number][] = JSON.parse(Host.inputString());
  Host.outputString(JSON.stringify(cases.map(([bits, r]) => fromBits(bits).toString(r))));
  return 0;
}
