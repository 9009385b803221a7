// Typed arrays: conversions and clamping, subarray vs slice sharing, set,
// sort, from/of, shared buffers, out-of-range writes.
export function run(): number {
  const i8 = new Int8Array([127, 128, -129, 300]);
  const u8c = new Uint8ClampedArray([-5, 300, 1.5, 2.5, 0.5]);
  const f32 = new Float32Array([0.1, 1e40, -0]);
  const buf = new ArrayBuffer(8);
  const u16 = new Uint16Array(buf);
  const u8 = new Uint8Array(buf);
  u16[0] = 0x1234;
  const base = new Int32Array([5, 1, 4, 2, 3]);
  const sub = base.subarray(1, 3);
  const sl = base.slice(1, 3);
  base[1] = 100;
  const sorted = new Float64Array([3, -1, NaN, 0, -0, 2]).sort();
  const target = new Uint8Array(5);
  target.set([1, 2], 3);
  const oob = new Uint8Array(2);
  Host.outputString(
    JSON.stringify({
      i8: [...i8],
      u8c: [...u8c],
      f32: [...f32].map(String),
      endian: [u8[0], u8[1]],
      sub: [...sub],
      slice: [...sl],
      sorted: [...sorted].map((x) => (Object.is(x, -0) ? '-0' : String(x))),
      target: [...target],
      oob: [oob.length, oob[5], oob[-1], oob[1.5]],
      from: [...Uint16Array.from('123', Number)],
      of: [...Int16Array.of(1, -1)],
      bytes: [base.byteLength, sub.byteOffset, sub.length],
      tags: [Object.prototype.toString.call(u8c), u8.constructor.name],
      map: [...new Uint8Array([1, 2]).map((x) => x * 200)],
    }),
  );
  return 0;
}

// writes outside a typed array are ignored (ES2021+ and V8), also in strict code
export function outOfBoundsWrite(): number {
  const u = new Uint8Array(2);
  const r = u as unknown as Record<number, number>;
  r[5] = 1;
  r[-1] = 1;
  Host.outputString(JSON.stringify([u.length, r[5] ?? 'undefined', Object.keys(u)]));
  return 0;
}

// every non-element numeric key is ignored on write (the value is still
// converted: a BigInt array rejects a Number, a Number array a BigInt);
// Reflect.set reports success; defineProperty still fails
export function outOfBoundsWriteKeys(): number {
  const u = new Uint8Array(2);
  const r = u as unknown as Record<string, unknown>;
  const b = new BigInt64Array(1);
  const rb = b as unknown as Record<string, unknown>;
  const errName = (f: () => void): string => {
    try {
      f();
      return 'ok';
    } catch (e) {
      return (e as Error).name;
    }
  };
  r['1.5'] = 7;
  r['-0'] = 7;
  r[2 ** 32] = 7;
  r['4294967295'] = 7;
  rb[3] = 5n;
  rb['0.5'] = 5n;
  const child = Object.create(u) as Record<number, number>;
  child[5] = 3;
  Host.outputString(
    JSON.stringify([
      Object.keys(u),
      Object.keys(b),
      Reflect.set(u, 5, 1),
      Reflect.set(u, '-1', 1),
      Reflect.set(u, '1.5', 1),
      Object.keys(child),
      errName(() => (rb[3] = 1)),
      errName(() => (r[9] = 1n)),
      errName(() => (r[9] = { valueOf: () => { throw new RangeError('converted'); } })),
      errName(() => Object.defineProperty(u, 5, { value: 1 })),
    ]),
  );
  return 0;
}
