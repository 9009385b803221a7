// WeakMap and WeakSet: object keys only, has/get/delete, primitives rejected.
export function run(): number {
  const wm = new WeakMap<object, number>();
  const ws = new WeakSet<object>();
  const a = {};
  const b = function () {};
  wm.set(a, 1).set(b, 2);
  ws.add(a);
  let primitiveKey = 'accepted';
  try {
    wm.set('str' as unknown as object, 3);
  } catch (e) {
    primitiveKey = (e as Error).name;
  }
  let primitiveSet = 'accepted';
  try {
    ws.add(1 as unknown as object);
  } catch (e) {
    primitiveSet = (e as Error).name;
  }
  const deleted = wm.delete(a);
  Host.outputString(
    JSON.stringify({ get: [wm.get(b), wm.get({})], has: [ws.has(a), ws.has({}), wm.has(a)], deleted, primitiveKey, primitiveSet, tag: String(wm) }),
  );
  return 0;
}
