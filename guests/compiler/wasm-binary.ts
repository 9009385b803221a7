// Minimal WebAssembly binary reading and writing: sections, LEB128 and
// vectors. Enough to rename imports, append functions and replace data
// without decoding instructions.

export interface Section {
  id: number;
  body: Uint8Array;
}

export class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}
  byte(): number {
    if (this.pos >= this.buf.length) throw new Error('wasm: unexpected end of data');
    return this.buf[this.pos++]!;
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  }
  s32(): number {
    let result = 0;
    let shift = 0;
    let b: number;
    do {
      b = this.byte();
      result |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    if (shift < 32 && b & 0x40) result |= -1 << shift;
    return result;
  }
  bytes(n: number): Uint8Array {
    if (this.pos + n > this.buf.length) throw new Error('wasm: unexpected end of data');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  name(): string {
    return new TextDecoder().decode(this.bytes(this.u32()));
  }
  get done(): boolean {
    return this.pos >= this.buf.length;
  }
}

export class Writer {
  private chunks: number[] = [];
  byte(b: number): this {
    this.chunks.push(b & 0xff);
    return this;
  }
  u32(v: number): this {
    do {
      let b = v % 128;
      v = Math.floor(v / 128);
      if (v > 0) b |= 0x80;
      this.chunks.push(b);
    } while (v > 0);
    return this;
  }
  s32(v: number): this {
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
        this.chunks.push(b);
        return this;
      }
      this.chunks.push(b | 0x80);
    }
  }
  bytes(data: ArrayLike<number>): this {
    for (let i = 0; i < data.length; i++) this.chunks.push(data[i]!);
    return this;
  }
  name(s: string): this {
    const b = new TextEncoder().encode(s);
    return this.u32(b.length).bytes(b);
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

export function readSections(wasm: Uint8Array): Section[] {
  for (let i = 0; i < 8; i++) {
    if (wasm[i] !== MAGIC[i]) throw new Error('wasm: not a WebAssembly 1.0 module');
  }
  const r = new Reader(wasm);
  r.pos = 8;
  const sections: Section[] = [];
  while (!r.done) {
    const id = r.byte();
    const size = r.u32();
    sections.push({ id, body: r.bytes(size) });
  }
  return sections;
}

// Large bodies (code, data) are concatenated without going through Writer.
export function writeModule(sections: Section[]): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [Uint8Array.from(MAGIC)];
  for (const s of sections) {
    parts.push(new Writer().byte(s.id).u32(s.body.length).finish(), s.body);
  }
  return concat(parts);
}

export function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

// A vector section: count, then the already-encoded entries.
export function vecBody(entries: Uint8Array[]): Uint8Array {
  return concat([new Writer().u32(entries.length).finish(), ...entries]);
}

export const SECTION = {
  custom: 0,
  type: 1,
  import: 2,
  function: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  start: 8,
  element: 9,
  code: 10,
  data: 11,
  dataCount: 12,
} as const;
