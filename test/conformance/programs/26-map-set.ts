// Map and Set: insertion order, SameValueZero keys (NaN, -0), delete during
// iteration, object keys, size.
export function run(): number {
  const m = new Map<unknown, string>();
  m.set(NaN, 'nan').set(-0, 'zero').set('1', 'string one').set(1, 'number one');
  const k = {};
  m.set(k, 'object');
  m.set('b', 'b1');
  m.set('a', 'a');
  m.set('b', 'b2'); // update keeps position
  const s = new Set([3, 1, 3, 2, 1]);
  const visited: number[] = [];
  for (const x of s) {
    visited.push(x);
    if (x === 3) {
      s.delete(1);
      s.add(9);
    }
  }
  Host.outputString(
    JSON.stringify({
      nan: m.get(NaN),
      zero: [m.get(0), m.get(+0), m.has(-0)],
      ones: [m.get(1), m.get('1')],
      obj: [m.get(k), m.get({})],
      order: [...m.values()],
      size: m.size,
      visited,
      set: [...s],
      deleted: [m.delete('a'), m.delete('a')],
      sizeAfter: m.size,
      fromEntries: Object.fromEntries(new Map([['p', 1], ['q', 2]])),
    }),
  );
  return 0;
}
