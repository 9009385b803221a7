/// <reference path="./12-host-five-params.d.ts" />
// A host function with five parameters of every type, and one returning void.
const { mix5, record_void, recorded_count } = Host.getFunctions();

export function mix(): number {
  const s = Memory.fromString(Host.inputString());
  const r = Memory.find(mix5(-7, 2n ** 60n + 1n, 0.1, s.offset, 1.5) as PTR);
  Host.outputString(r.readString());
  return 0;
}

export function record(): number {
  const before = recorded_count() as number;
  const r = record_void(Memory.fromString(Host.inputString()).offset);
  const after = recorded_count() as number;
  Host.outputString(JSON.stringify([after - before, r === undefined]));
  return 0;
}
