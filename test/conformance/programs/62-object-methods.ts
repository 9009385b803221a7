// Object.* helpers and property order (integer keys ascending, then strings in
// insertion order, then symbols).
export function run(): number {
  const o: Record<string, number> = { b: 1, 10: 2, a: 3, 2: 4, '-1': 5, '01': 6 };
  const target = { a: 1 };
  const assigned = Object.assign(target, { b: 2 }, null, { a: 3 });
  Host.outputString(
    JSON.stringify({
      keys: Object.keys(o),
      entries: Object.entries({ x: 1, y: [2] }),
      values: Object.values('ab'),
      fromEntries: Object.fromEntries([['k', 'v'], ['n', 1]]),
      assigned: [assigned, assigned === target],
      names: Object.getOwnPropertyNames([1, 2]),
      is: [Object.is(NaN, NaN), Object.is(0, -0), Object.is('a', 'a')],
      proto: [Object.getPrototypeOf(Object.create(null)), Object.keys(Object.create({ inherited: 1 }))],
      forIn: (() => {
        const out: string[] = [];
        const child = Object.create({ inherited: 1 });
        child.own = 2;
        for (const k in child) out.push(k);
        return out;
      })(),
      groupByHand: ['apple', 'avocado', 'banana'].reduce<Record<string, string[]>>((acc, w) => {
        (acc[w[0]!] ??= []).push(w);
        return acc;
      }, {}),
    }),
  );
  return 0;
}
