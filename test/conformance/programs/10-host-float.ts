/// <reference path="./10-host-float.d.ts" />
// Host functions with F64 and F32 parameters and results.
const { scale_f64, half_f32 } = Host.getFunctions();

export function scale(): number {
  const [x, k]: [number, number] = JSON.parse(Host.inputString());
  const r = scale_f64(x, k) as number;
  Host.outputString(JSON.stringify([r, Object.is(r, -0), r === Infinity]));
  return 0;
}

export function half(): number {
  const x: number = JSON.parse(Host.inputString());
  Host.outputString(String(half_f32(x)));
  return 0;
}
