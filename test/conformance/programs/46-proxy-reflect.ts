// Proxy traps (get, set, has, deleteProperty, ownKeys, apply, construct) and
// Reflect, as used for validation layers.
export function run(): number {
  const log: string[] = [];
  const target: Record<string, unknown> = { a: 1, _hidden: 2 };
  const p = new Proxy(target, {
    get(t, k, r) {
      log.push(`get ${String(k)}`);
      return k in t ? Reflect.get(t, k, r) : `default:${String(k)}`;
    },
    set(t, k, v) {
      if (typeof v !== 'number') throw new TypeError(`${String(k)} must be a number`);
      return Reflect.set(t, k, v * 2);
    },
    has: (t, k) => !String(k).startsWith('_') && k in t,
    deleteProperty: (t, k) => (String(k).startsWith('_') ? false : Reflect.deleteProperty(t, k)),
    ownKeys: (t) => Reflect.ownKeys(t).filter((k) => !String(k).startsWith('_')),
  });
  p.b = 5;
  let setError = '';
  try {
    p.c = 'x';
  } catch (e) {
    setError = String(e);
  }
  const fn = new Proxy((a: number, b: number) => a + b, { apply: (t, self, args: number[]) => t(args[0]!, args[1]!) * 10 });
  const Ctor = new Proxy(class { v = 1; }, { construct: (t, args) => ({ constructed: args.length, base: new t().v }) });
  const deleted = [Reflect.deleteProperty(p, '_hidden'), Reflect.deleteProperty(p, 'a')];
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  let revoked = '';
  try {
    (revocable.proxy as Record<string, unknown>).x;
  } catch (e) {
    revoked = (e as Error).name;
  }
  Host.outputString(
    JSON.stringify({
      a: p.a,
      missing: p.zzz,
      b: target.b,
      setError,
      has: ['a' in p, '_hidden' in p],
      keys: Object.keys(p),
      deleted,
      apply: fn(1, 2),
      construct: new (Ctor as unknown as new (...a: unknown[]) => unknown)(1, 2, 3),
      reflect: [Reflect.has({ x: 1 }, 'x'), Reflect.ownKeys({ b: 1, a: 2, 1: 3 }), Reflect.apply(Math.max, null, [1, 3, 2]), Reflect.getPrototypeOf([]) === Array.prototype],
      revoked,
      log,
    }),
  );
  return 0;
}
