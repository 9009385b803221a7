/// <reference path="./09-host-i64.d.ts" />
// Host functions with I64 parameters and results: exact values arrive as
// numbers, values beyond 2^53 as BigInt; BigInt arguments are accepted.
const { mul_i64, hi_i64 } = Host.getFunctions();

const show = (v: unknown): string => `${typeof v}:${String(v)}`;

export function mulNumbers(): number {
  const [a, b]: [number, number] = JSON.parse(Host.inputString());
  Host.outputString(show(mul_i64(a, b)));
  return 0;
}

export function mulBigInts(): number {
  const [a, b]: [string, string] = JSON.parse(Host.inputString());
  Host.outputString(show(mul_i64(BigInt(a), BigInt(b))));
  return 0;
}

export function max(): number {
  Host.outputString(show(hi_i64()));
  return 0;
}
