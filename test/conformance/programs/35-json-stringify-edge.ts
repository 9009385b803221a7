// JSON.stringify edge cases: -0, NaN, Infinity, undefined, functions,
// symbols, toJSON, replacer function/array, indentation, Dates, boxed
// primitives, cycles, lone surrogates.
export function edges(): number {
  const cyc: Record<string, unknown> = {};
  cyc.self = cyc;
  let cycle = '';
  try {
    JSON.stringify(cyc);
  } catch (e) {
    cycle = (e as Error).name;
  }
  const out = [
    JSON.stringify(-0),
    JSON.stringify([-0, NaN, Infinity, -Infinity]),
    JSON.stringify({ u: undefined, f() {}, s: Symbol('x'), n: null }),
    JSON.stringify([undefined, () => 1, Symbol('y')]),
    String(JSON.stringify(undefined)),
    JSON.stringify({ toJSON: () => ({ replaced: true }) }),
    JSON.stringify({ d: new Date(Date.UTC(2020, 1, 29, 12, 0, 0, 5)) }),
    JSON.stringify([new Number(3), new String('s'), new Boolean(false)]),
    JSON.stringify({ a: 1, b: [1, 2], c: {} }, null, 2),
    JSON.stringify({ a: [{}, []] }, null, '--'),
    JSON.stringify({ a: 1 }, null, 20),
    JSON.stringify({ a: 1, b: 2, c: { a: 3, z: 4 } }, ['a', 'c']),
    JSON.stringify({ a: 1, b: 'x', c: [1, 'y'] }, (_k, v) => (typeof v === 'number' ? v + 1 : v)),
    JSON.stringify('\u2028\u2029\u0000\u001f"\\/'),
    JSON.stringify('\ud800 \udc00 \ud83d\ude00'),
    JSON.stringify({ 2: 'b', 1: 'a', x: 'x', [-1]: 'neg' }),
    JSON.stringify(1e21),
    JSON.stringify(5e-324),
    JSON.stringify([[[[[[[[[['deep']]]]]]]]]]),
    cycle,
  ];
  Host.outputString(JSON.stringify(out));
  return 0;
}
