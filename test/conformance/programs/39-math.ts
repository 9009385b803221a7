// Math: functions whose results are exactly specified compare bit for bit;
// transcendental functions are compared at 15 significant digits (V8 uses
// fdlibm ports, the engine musl; both are within 1 ulp).
const exactFns: [string, (x: number) => number][] = [
  ['abs', Math.abs], ['floor', Math.floor], ['ceil', Math.ceil], ['round', Math.round], ['trunc', Math.trunc],
  ['sign', Math.sign], ['sqrt', Math.sqrt], ['fround', Math.fround], ['clz32', Math.clz32],
];
const approxFns: [string, (x: number) => number][] = [
  ['sin', Math.sin], ['cos', Math.cos], ['tan', Math.tan], ['exp', Math.exp], ['log', Math.log], ['log2', Math.log2],
  ['log10', Math.log10], ['atan', Math.atan], ['sinh', Math.sinh], ['tanh', Math.tanh], ['cbrt', Math.cbrt],
  ['expm1', Math.expm1], ['log1p', Math.log1p], ['asinh', Math.asinh],
];
const show = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));

export function exact(): number {
  const xs: number[] = JSON.parse(Host.inputString()).map(Number);
  const out: Record<string, string[]> = {};
  for (const [name, f] of exactFns) out[name] = xs.map((x) => show(f(x)));
  out.max = [show(Math.max()), show(Math.max(-0, 0)), show(Math.min(0, -0)), show(Math.max(1, NaN))];
  out.pow = [Math.pow(2, 10), Math.pow(2, -1074), Math.pow(NaN, 0), Math.pow(1, Infinity), 2 ** 0.5, (-8) ** (1 / 3)].map(show);
  out.hypot = [Math.hypot(3, 4), Math.hypot(), Math.hypot(NaN, Infinity), Math.hypot(-0)].map(show);
  out.imul = [Math.imul(0xffffffff, 5), Math.imul(2 ** 31, 2)].map(show);
  out.constants = [Math.PI, Math.E, Math.LN2, Math.LN10, Math.LOG2E, Math.SQRT2, Math.SQRT1_2].map(show);
  Host.outputString(JSON.stringify(out));
  return 0;
}

export function approx(): number {
  const xs: number[] = JSON.parse(Host.inputString()).map(Number);
  const out: Record<string, string[]> = {};
  for (const [name, f] of approxFns) out[name] = xs.map((x) => { const y = f(x); return Number.isFinite(y) && y !== 0 ? y.toPrecision(15) : show(y); });
  out.atan2 = [Math.atan2(1, 1), Math.atan2(-0, -1), Math.atan2(0, -0)].map((y) => y.toPrecision(15));
  Host.outputString(JSON.stringify(out));
  return 0;
}

export function random(): number {
  const xs = Array.from({ length: 1000 }, () => Math.random());
  Host.outputString(JSON.stringify({ inRange: xs.every((x) => x >= 0 && x < 1), distinct: new Set(xs).size > 990 }));
  return 0;
}
