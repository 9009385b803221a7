// The iteration protocol: custom iterables, Symbol.iterator, for-of with
// break (calls return()), Array.from, spread, entries/keys/values.
class Countdown implements Iterable<number> {
  closed = 0;
  constructor(private from: number) {}
  [Symbol.iterator](): Iterator<number> {
    let n = this.from;
    return {
      next: () => (n > 0 ? { value: n--, done: false } : { value: undefined, done: true }),
      return: () => {
        this.closed++;
        return { value: undefined, done: true };
      },
    };
  }
}

export function run(): number {
  const cd = new Countdown(5);
  const early: number[] = [];
  for (const x of cd) {
    if (x < 3) break;
    early.push(x);
  }
  const m = new Map([
    ['x', 1],
    ['y', 2],
  ]);
  const it = [10, 20][Symbol.iterator]();
  Host.outputString(
    JSON.stringify({
      spread: [...new Countdown(3)],
      from: Array.from(new Countdown(4), (x) => x * 10),
      early,
      closed: cd.closed,
      entries: [...['a', 'b'].entries()],
      mapEntries: [...m],
      keys: [...m.keys()],
      strIter: [...'a😀b'],
      manual: [it.next(), it.next(), it.next()],
      destructured: (([a, , c] = new Countdown(3)) => [a, c])(),
    }),
  );
  return 0;
}
