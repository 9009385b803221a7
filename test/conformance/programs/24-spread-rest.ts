// Spread and rest: arrays, objects (own enumerable only, later keys win),
// arguments, strings, getters evaluated once.
function sum(...xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

export function run(): number {
  let getterCalls = 0;
  const withGetter = {
    get g(): number {
      return ++getterCalls;
    },
  };
  const proto = { inherited: true };
  const child = Object.create(proto) as Record<string, unknown>;
  child.own = 1;
  const over = { b: 2, c: 3 };
  const merged = { a: 1, ...({ b: 1 } as object), ...over, c: 4 };
  const copy = { ...withGetter };
  Host.outputString(
    JSON.stringify({
      arr: [0, ...[1, 2], ...new Set([3, 3, 4]), ...'ab'],
      sum: sum(...[1, 2, 3], 4),
      max: Math.max(...[5, 9, 2]),
      merged,
      child: { ...child },
      copy,
      getterCalls,
      nullSpread: { ...(null as unknown as object), ...(undefined as unknown as object) },
    }),
  );
  return 0;
}

// a string's indexed characters are own enumerable properties, so they spread
export function stringSpread(): number {
  Host.outputString(JSON.stringify([{ ...('hi' as unknown as object) }, { ...[7, 8] }, Object.assign({}, 'ab')]));
  return 0;
}

// only a string among the primitives has own enumerable properties; object
// rest of a string collects the remaining characters
export function primitiveSpread(): number {
  const { 0: first, ...rest } = 'abc' as unknown as Record<string, string>;
  const prims = [5, true, Symbol('s'), 10n, '', 'xy'] as unknown as object[];
  Host.outputString(JSON.stringify([prims.map((p) => ({ ...p })), first, rest, { a: 1, ...('bc' as unknown as object), 0: 'z' }]));
  return 0;
}
