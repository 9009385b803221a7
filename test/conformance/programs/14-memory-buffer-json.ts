// Memory.fromBuffer / readBytes and Memory.fromJsonObject / readJsonObject.
export function buffer(): number {
  const input = new Uint8Array(Host.inputBytes());
  const h = Memory.fromBuffer(input.buffer);
  const back = new Uint8Array(Memory.find(h.offset).readBytes());
  h.free();
  Host.outputBytes(back.buffer);
  return 0;
}

export function json(): number {
  const obj = JSON.parse(Host.inputString());
  const h = Memory.fromJsonObject(obj);
  const text = h.readString();
  const back = Memory.find(h.offset).readJsonObject();
  h.free();
  Host.outputString(JSON.stringify({ text, back, len: Number(h.len) }));
  return 0;
}
