// Memory.fromString / Memory.find / MemoryHandle.readString, len, free.
export function roundTrip(): number {
  const s = Host.inputString();
  const h = Memory.fromString(s);
  const found = Memory.find(h.offset);
  const out = {
    len: Number(h.len),
    foundLen: Number(found.len),
    sameOffset: found.offset === h.offset,
    text: found.readString(),
    bytes: new Uint8Array(found.readBytes()).length,
  };
  h.free();
  Host.outputString(JSON.stringify(out));
  return 0;
}

// many allocations and frees in one call
export function churn(): number {
  let total = 0;
  for (let i = 0; i < 500; i++) {
    const h = Memory.fromString(String(i));
    total += Number(h.len);
    h.free();
  }
  Host.outputString(String(total));
  return 0;
}
