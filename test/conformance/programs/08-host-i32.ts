/// <reference path="./08-host-i32.d.ts" />
// Host functions with I32 parameters and results (wrapping at 32 bits).
const { add_i32, neg_i32 } = Host.getFunctions();

export function add(): number {
  const [a, b]: [number, number] = JSON.parse(Host.inputString());
  Host.outputString(JSON.stringify(add_i32(a, b)));
  return 0;
}

export function negate(): number {
  const a: number = JSON.parse(Host.inputString());
  const r = neg_i32(a);
  Host.outputString(`${typeof r}:${r}`);
  return 0;
}
