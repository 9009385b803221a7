// DataView: every getter/setter, both endiannesses, BigInt64, bounds errors.
export function run(): number {
  const dv = new DataView(new ArrayBuffer(16));
  dv.setInt16(0, -2, false);
  dv.setUint32(2, 0xdeadbeef, true);
  dv.setFloat32(6, Math.PI);
  dv.setFloat64(8, -1.5, true);
  const bytes = [...new Uint8Array(dv.buffer)];
  const out: Record<string, unknown> = {
    bytes,
    i16: [dv.getInt16(0), dv.getInt16(0, true), dv.getUint16(0)],
    u32: [dv.getUint32(2, true), dv.getUint32(2), dv.getInt32(2, true)],
    f32: dv.getFloat32(6),
    f64: dv.getFloat64(8, true),
    i8: [dv.getInt8(0), dv.getUint8(0)],
  };
  dv.setBigInt64(0, -(2n ** 63n));
  dv.setBigUint64(8, 2n ** 64n - 2n, true);
  out.big = [dv.getBigInt64(0).toString(), dv.getBigUint64(0).toString(), dv.getBigUint64(8, true).toString(), dv.getBigInt64(8, true).toString()];
  try {
    dv.getUint32(14);
    out.bounds = 'no error';
  } catch (e) {
    out.bounds = (e as Error).name;
  }
  const view = new DataView(dv.buffer, 4, 4);
  out.view = [view.byteOffset, view.byteLength];
  Host.outputString(JSON.stringify(out));
  return 0;
}
