// Closures: counters, captured loop variables (let vs var), IIFEs, currying.
function makeCounter(start: number): { inc: () => number; get: () => number } {
  let n = start;
  return { inc: () => ++n, get: () => n };
}

export function run(): number {
  const c = makeCounter(10);
  c.inc();
  c.inc();
  const lets: (() => number)[] = [];
  for (let i = 0; i < 3; i++) lets.push(() => i);
  const vars: (() => number)[] = [];
  // eslint-disable-next-line no-var
  for (var j = 0; j < 3; j++) vars.push(() => j);
  const add = (a: number) => (b: number) => (c: number) => a + b + c;
  const memo = (() => {
    const cache = new Map<number, number>();
    const fib = (n: number): number => {
      if (n < 2) return n;
      const hit = cache.get(n);
      if (hit !== undefined) return hit;
      const v = fib(n - 1) + fib(n - 2);
      cache.set(n, v);
      return v;
    };
    return fib;
  })();
  Host.outputString(
    JSON.stringify({ counter: c.get(), lets: lets.map((f) => f()), vars: vars.map((f) => f()), curried: add(1)(2)(3), fib90: memo(90) }),
  );
  return 0;
}
