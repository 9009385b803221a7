// Generators: yield, yield*, return(), throw(), values passed into next().
function* range(from: number, to: number, step = 1): Generator<number> {
  for (let i = from; i < to; i += step) yield i;
}

function* inner(): Generator<string, string> {
  yield 'a';
  yield 'b';
  return 'inner-done';
}

function* outer(): Generator<string> {
  const r: string = yield* inner();
  yield r;
}

function* accumulator(): Generator<number, number, number> {
  let total = 0;
  for (;;) {
    const v = yield total;
    if (v < 0) return total;
    total += v;
  }
}

function* guarded(): Generator<string> {
  try {
    yield 'start';
    yield 'never';
  } catch (e) {
    yield `caught ${String(e)}`;
  } finally {
    // runs on return() too
  }
}

export function run(): number {
  const acc = accumulator();
  acc.next(0);
  acc.next(5);
  acc.next(7);
  const accEnd = acc.next(-1);
  const g = guarded();
  const first = g.next();
  const thrown = g.throw('boom');
  const r = range(0, 10);
  r.next();
  const ret = r.return(99);
  Host.outputString(
    JSON.stringify({
      range: [...range(0, 10, 3)],
      delegated: [...outer()],
      accEnd,
      guarded: [first, thrown, g.next()],
      ret,
      afterReturn: r.next(),
      tag: Object.prototype.toString.call(range(0, 1)),
    }),
  );
  return 0;
}
