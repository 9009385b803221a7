// Memory.allocUInt32/UInt64/Float32/Float64 and the matching readers.
export function numbers(): number {
  const u32 = Memory.allocUInt32(4294967295);
  const u64 = Memory.allocUInt64(18446744073709551615n);
  const f32 = Memory.allocFloat32(0.1);
  const f64 = Memory.allocFloat64(-1234.5678);
  const out = {
    u32: u32.readUInt32(),
    u64: u64.readUInt64().toString(),
    f32: f32.readFloat32(),
    f64: f64.readUFloat64(),
    lens: [u32.len, u64.len, f32.len, f64.len].map(Number),
    // little-endian layout
    u32bytes: [...new Uint8Array(Memory.allocUInt32(0x01020304).readBytes())],
  };
  for (const h of [u32, u64, f32, f64]) h.free();
  Host.outputString(JSON.stringify(out));
  return 0;
}

// the same readers over a block written from bytes
export function fromBytes(): number {
  const h = Memory.fromBuffer(new Uint8Array([0, 0, 0x80, 0x3f, 0, 0, 0, 0]).buffer);
  Host.outputString(JSON.stringify([h.readUInt32(), h.readFloat32(), h.readUInt64().toString()]));
  return 0;
}
