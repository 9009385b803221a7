declare function queueMicrotask(callback: () => void): void;

// Promises are drained after each call: an export may be async or return a
// promise; awaiting already-resolvable promises, combinators and microtask
// order all work.
export async function asyncExport(): Promise<number> {
  const a = await 20;
  const b = await Promise.resolve(22);
  Host.outputString(String(a + b));
  return 0;
}

export function returnsPromise(): Promise<number> {
  return Promise.resolve().then(() => {
    Host.outputString('from then');
    return 0;
  });
}

export async function combinators(): Promise<number> {
  const all = await Promise.all([1, Promise.resolve(2), new Promise<number>((r) => r(3))]);
  const settled = await Promise.allSettled([Promise.reject(new Error('no')), Promise.resolve('yes')]);
  const race = await Promise.race([new Promise<string>(() => {}), Promise.resolve('fast')]);
  let caught = '';
  try {
    await Promise.reject(new RangeError('rejected'));
  } catch (e) {
    caught = String(e);
  }
  const chained = await Promise.resolve(1)
    .then((x) => x + 1)
    .finally(() => undefined)
    .then((x) => x * 10);
  Host.outputString(
    JSON.stringify({ all, settled: settled.map((s) => (s.status === 'fulfilled' ? s.value : String(s.reason))), race, caught, chained }),
  );
  return 0;
}

export async function order(): Promise<number> {
  const seen: string[] = [];
  seen.push('sync 1');
  Promise.resolve().then(() => seen.push('micro 1')).then(() => seen.push('micro 3'));
  queueMicrotask(() => seen.push('micro 2'));
  (async () => {
    seen.push('async body');
    await null;
    seen.push('after await');
  })();
  seen.push('sync 2');
  await Promise.resolve();
  await Promise.resolve();
  await Promise.resolve();
  Host.outputString(JSON.stringify(seen));
  return 0;
}

async function* numbers(): AsyncGenerator<number> {
  yield 1;
  yield await Promise.resolve(2);
  yield 3;
}

export async function forAwait(): Promise<number> {
  const got: number[] = [];
  for await (const n of numbers()) got.push(n);
  for await (const n of [Promise.resolve(4), 5]) got.push(n);
  Host.outputString(JSON.stringify(got));
  return 0;
}
