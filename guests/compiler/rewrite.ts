// Turns the engine plus a memory snapshot into the policy module:
// host-function slots renamed to the declared imports, wd_host_invoke given
// a dispatcher, one export per policy function, memory replaced by the
// snapshot. Function indices never move (see guests/engine/src/host-invoke.c).
import { concat, readSections, Reader, SECTION, vecBody, Writer, writeModule, type Section } from './wasm-binary';
import type { HostFunction, WasmType } from './interface-file';

export interface RewriteInput {
  engine: Uint8Array;
  memory: Uint8Array;
  exports: string[];
  hostFunctions: HostFunction[];
}

export const HOST_SLOTS = 32;
export const MEMORY_EXPORT = '__wd_memory';
const SLOT_PREFIX = '__wd_slot_';

const VALTYPE: Record<WasmType, number> = { I32: 0x7f, I64: 0x7e, F32: 0x7d, F64: 0x7c, PTR: 0x7e };
// [load opcode, store opcode, log2 alignment]
const MEMOP: Record<WasmType, [number, number, number]> = {
  I32: [0x28, 0x36, 2],
  I64: [0x29, 0x37, 3],
  F32: [0x2a, 0x38, 2],
  F64: [0x2b, 0x39, 3],
  PTR: [0x29, 0x37, 3],
};
const OP = { end: 0x0b, if: 0x04, void: 0x40, return: 0x0f, call: 0x10, localGet: 0x20, globalSet: 0x24, i32Const: 0x41, i32Eq: 0x46 };

interface ImportEntry {
  module: string;
  name: string;
  kind: number;
  desc: Uint8Array;
}

function section(sections: Section[], id: number): Section {
  const s = sections.find((x) => x.id === id);
  if (!s) throw new Error(`engine.wasm has no section ${id}`);
  return s;
}

function readImports(body: Uint8Array): ImportEntry[] {
  const r = new Reader(body);
  const n = r.u32();
  const out: ImportEntry[] = [];
  for (let i = 0; i < n; i++) {
    const module = r.name();
    const name = r.name();
    const kind = r.byte();
    const start = r.pos;
    if (kind === 0) r.u32();
    else if (kind === 1) {
      r.byte();
      if (r.byte() & 1) r.u32();
      r.u32();
    } else if (kind === 2) {
      if (r.byte() & 1) r.u32();
      r.u32();
    } else if (kind === 3) {
      r.byte();
      r.byte();
    } else throw new Error(`engine.wasm: unknown import kind ${kind}`);
    out.push({ module, name, kind, desc: body.subarray(start, r.pos) });
  }
  return out;
}

function funcType(params: WasmType[], result: WasmType | null): Uint8Array {
  const w = new Writer().byte(0x60).u32(params.length);
  for (const p of params) w.byte(VALTYPE[p]);
  if (result) w.u32(1).byte(VALTYPE[result]);
  else w.u32(0);
  return w.finish();
}

function readVecRaw(body: Uint8Array, readEntry: (r: Reader) => void): Uint8Array[] {
  const r = new Reader(body);
  const n = r.u32();
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const start = r.pos;
    readEntry(r);
    out.push(body.subarray(start, r.pos));
  }
  return out;
}

function skipFuncType(r: Reader): void {
  if (r.byte() !== 0x60) throw new Error('engine.wasm: unexpected type form');
  r.bytes(r.u32());
  r.bytes(r.u32());
}

function readExports(body: Uint8Array): Map<string, { kind: number; index: number }> {
  const r = new Reader(body);
  const n = r.u32();
  const out = new Map<string, { kind: number; index: number }>();
  for (let i = 0; i < n; i++) {
    const name = r.name();
    const kind = r.byte();
    out.set(name, { kind, index: r.u32() });
  }
  return out;
}

function initialStackPointer(body: Uint8Array): number {
  const r = new Reader(body);
  if (r.u32() < 1) throw new Error('engine.wasm has no globals');
  if (r.byte() !== 0x7f || r.byte() !== 1 || r.byte() !== OP.i32Const) {
    throw new Error('engine.wasm: global 0 is not the mutable i32 __stack_pointer');
  }
  return r.s32();
}

function dispatcherBody(slotFuncIndex: number[], hostFunctions: HostFunction[]): Uint8Array {
  const w = new Writer().u32(0);
  hostFunctions.forEach((f, slot) => {
    w.byte(OP.localGet).u32(0).byte(OP.i32Const).s32(slot).byte(OP.i32Eq).byte(OP.if).byte(OP.void);
    if (f.result) w.byte(OP.localGet).u32(1);
    f.params.forEach((p, i) => {
      const [load, , align] = MEMOP[p];
      w.byte(OP.localGet).u32(1).byte(load).u32(align).u32(8 * i);
    });
    w.byte(OP.call).u32(slotFuncIndex[slot]!);
    if (f.result) {
      const [, store, align] = MEMOP[f.result];
      w.byte(store).u32(align).u32(0);
    }
    w.byte(OP.return).byte(OP.end);
  });
  w.byte(OP.end);
  const body = w.finish();
  return concat([new Writer().u32(body.length).finish(), body]);
}

function wrapperBody(stackPointer: number, wdCall: number, index: number): Uint8Array {
  // Reset the shadow stack so a trapped call cannot leak stack into the next.
  const body = new Writer()
    .u32(0)
    .byte(OP.i32Const)
    .s32(stackPointer)
    .byte(OP.globalSet)
    .u32(0)
    .byte(OP.i32Const)
    .s32(index)
    .byte(OP.call)
    .u32(wdCall)
    .byte(OP.end)
    .finish();
  return concat([new Writer().u32(body.length).finish(), body]);
}

// Non-zero runs of the snapshot become active data segments; short zero gaps
// are kept inline because a segment header costs about as much.
function dataSegments(memory: Uint8Array, from: number): Uint8Array[] {
  const MERGE_GAP = 16;
  const segs: Uint8Array[] = [];
  let i = from;
  const n = memory.length;
  while (i < n) {
    while (i < n && memory[i] === 0) i++;
    if (i >= n) break;
    const start = i;
    let end = i;
    while (i < n) {
      if (memory[i] !== 0) {
        end = ++i;
        continue;
      }
      let j = i;
      while (j < n && memory[j] === 0 && j - end < MERGE_GAP) j++;
      if (j < n && memory[j] !== 0 && j - end < MERGE_GAP) i = j;
      else break;
    }
    const head = new Writer().u32(0).byte(OP.i32Const).s32(start | 0).byte(OP.end).u32(end - start).finish();
    segs.push(concat([head, memory.subarray(start, end)]));
    i = end;
  }
  return segs;
}

export function rewriteEngine(input: RewriteInput): Uint8Array<ArrayBuffer> {
  const { engine, memory, exports, hostFunctions } = input;
  if (hostFunctions.length > HOST_SLOTS) {
    throw new Error(`at most ${HOST_SLOTS} host functions can be declared, got ${hostFunctions.length}`);
  }
  const sections = readSections(engine).filter((s) => s.id !== SECTION.custom);

  const typeSec = section(sections, SECTION.type);
  const types = readVecRaw(typeSec.body, skipFuncType);
  const hostTypeIndex = hostFunctions.map((f) => types.push(funcType(f.params, f.result)) - 1);
  const wrapperType = types.push(funcType([], 'I32')) - 1;
  typeSec.body = vecBody(types);

  const importSec = section(sections, SECTION.import);
  const imports = readImports(importSec.body);
  let funcImports = 0;
  const slotFuncIndex: number[] = [];
  let placeholderDesc: Uint8Array | null = null;
  for (const imp of imports) {
    if (imp.kind !== 0) continue;
    if (imp.module === 'extism:host/user' && imp.name.startsWith(SLOT_PREFIX)) {
      slotFuncIndex[Number(imp.name.slice(SLOT_PREFIX.length))] = funcImports;
      placeholderDesc ??= imp.desc;
    }
    funcImports++;
  }
  if (slotFuncIndex.length !== HOST_SLOTS || !placeholderDesc) throw new Error('engine.wasm: host-function slots missing');
  for (const imp of imports) {
    if (imp.module !== 'extism:host/user' || !imp.name.startsWith(SLOT_PREFIX)) continue;
    const slot = Number(imp.name.slice(SLOT_PREFIX.length));
    const f = hostFunctions[slot];
    if (f) {
      imp.name = f.name;
      imp.desc = new Writer().u32(hostTypeIndex[slot]!).finish();
    } else {
      // inert: same signature as the placeholder, (i64) -> i64
      imp.module = 'extism:host/env';
      imp.name = 'length';
    }
  }
  importSec.body = vecBody(imports.map((i) => concat([new Writer().name(i.module).name(i.name).byte(i.kind).finish(), i.desc])));

  const funcSec = section(sections, SECTION.function);
  const funcTypes = readVecRaw(funcSec.body, (r) => r.u32());
  const firstWrapper = funcImports + funcTypes.length;
  for (let k = 0; k < exports.length; k++) funcTypes.push(new Writer().u32(wrapperType).finish());
  funcSec.body = vecBody(funcTypes);

  const exportSec = section(sections, SECTION.export);
  const engineExports = readExports(exportSec.body);
  const wdCall = engineExports.get('wd_call')?.index;
  const hostInvoke = engineExports.get('wd_host_invoke')?.index;
  const memExport = engineExports.get('memory');
  if (wdCall === undefined || hostInvoke === undefined || !memExport) throw new Error('engine.wasm: engine exports missing');
  // Under a reserved name so that a policy may export a function "memory";
  // the host reads it only for monitoring.
  const newExports = [new Writer().name(MEMORY_EXPORT).byte(2).u32(memExport.index).finish()];
  exports.forEach((name, k) => newExports.push(new Writer().name(name).byte(0).u32(firstWrapper + k).finish()));
  exportSec.body = vecBody(newExports);

  const globalSec = section(sections, SECTION.global);
  const stackPointer = initialStackPointer(globalSec.body);

  const codeSec = section(sections, SECTION.code);
  const bodies = readVecRaw(codeSec.body, (r) => r.bytes(r.u32()));
  bodies[hostInvoke - funcImports] = dispatcherBody(slotFuncIndex, hostFunctions);
  exports.forEach((_n, k) => bodies.push(wrapperBody(stackPointer, wdCall, k)));
  codeSec.body = vecBody(bodies);

  const memSec = section(sections, SECTION.memory);
  const mr = new Reader(memSec.body);
  if (mr.u32() !== 1) throw new Error('engine.wasm: expected one memory');
  const flags = mr.byte();
  mr.u32();
  const max = flags & 1 ? mr.u32() : null;
  const pages = memory.length / 65536;
  const mw = new Writer().u32(1).byte(flags).u32(pages);
  if (max !== null) mw.u32(max);
  memSec.body = mw.finish();

  // The shadow stack (below the initial stack pointer) holds only dead frames.
  const segs = dataSegments(memory, stackPointer);
  const dataSec = section(sections, SECTION.data);
  dataSec.body = vecBody(segs);
  const dataCount = sections.find((s) => s.id === SECTION.dataCount);
  if (dataCount) dataCount.body = new Writer().u32(segs.length).finish();

  return writeModule(sections);
}
