// defineProperty, getters, freeze/seal/preventExtensions and the TypeErrors
// strict-mode code gets (the bundle is a CommonJS module in strict mode).
'use strict';

export function run(): number {
  const o: Record<string, unknown> = {};
  Object.defineProperty(o, 'fixed', { value: 1, enumerable: false });
  Object.defineProperty(o, 'computed', { get: () => 42, enumerable: true });
  const frozen = Object.freeze({ a: 1, nested: { b: 2 } });
  const sealed = Object.seal({ a: 1 } as Record<string, number>);
  const attempts: string[] = [];
  const attempt = (f: () => void): void => {
    try {
      f();
      attempts.push('ok');
    } catch (e) {
      attempts.push((e as Error).name);
    }
  };
  attempt(() => {
    (frozen as { a: number }).a = 2;
  });
  attempt(() => {
    frozen.nested.b = 3;
  });
  attempt(() => {
    sealed.a = 5;
  });
  attempt(() => {
    sealed.z = 1;
  });
  attempt(() => {
    o.fixed = 2;
  });
  attempt(() => {
    delete (o as { fixed?: unknown }).fixed;
  });
  Host.outputString(
    JSON.stringify({
      attempts,
      keys: Object.keys(o),
      json: JSON.stringify(o),
      desc: Object.getOwnPropertyDescriptor(o, 'fixed'),
      state: [Object.isFrozen(frozen), Object.isFrozen(frozen.nested), Object.isSealed(sealed), Object.isExtensible(sealed)],
      values: [frozen.a, frozen.nested.b, sealed.a, o.computed],
    }),
  );
  return 0;
}
