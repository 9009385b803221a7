/// <reference path="./11-host-ptr.d.ts" />
// Host functions taking and returning PTR (Extism memory blocks).
const { upper_ptr, len_ptr } = Host.getFunctions();

export function upper(): number {
  const arg = Memory.fromString(Host.inputString());
  const res = Memory.find(upper_ptr(arg.offset) as PTR);
  const text = res.readString();
  arg.free();
  res.free();
  Host.outputString(text);
  return 0;
}

export function byteLength(): number {
  const arg = Memory.fromString(Host.inputString());
  const n = len_ptr(arg.offset);
  arg.free();
  Host.outputString(String(n));
  return 0;
}

// many host calls in one guest call
export function loop(): number {
  let total = 0;
  for (let i = 0; i < 200; i++) {
    const m = Memory.fromString('x'.repeat(i));
    total += Number(len_ptr(m.offset));
    m.free();
  }
  Host.outputString(String(total));
  return 0;
}
