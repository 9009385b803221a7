// Development aid, not a test: fills "?" placeholders ("output": "?",
// "error": "?", "logs": "?") in programs/*.expected.json by running the
// program in Node (V8) under a small js-pdk shim, bundled the way the compiler
// bundles it (esbuild, CJS, ES2020). Review what it writes: it records V8's
// behaviour, which is what the engine must match, but the shim only
// approximates the host (no host functions, no limits, cases expecting
// limits/never-settled/invalid-config errors are skipped).
//   npx tsx test/conformance/fill-expected.ts [name-substring]
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'programs');
const filter = process.argv[2] ?? '';

function formatArg(a: unknown): string {
  if (typeof a === 'string') return a;
  if (a instanceof Error) return a.stack ? `${a}\n${a.stack}`.trimEnd() : String(a);
  if (typeof a === 'object' && a !== null) {
    try {
      return JSON.stringify(a, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
    } catch {
      return String(a);
    }
  }
  if (typeof a === 'bigint') return `${a}n`;
  return String(a);
}

type Bytes = ArrayBuffer | ArrayBufferView | string;

function toBytes(v: Bytes): Uint8Array {
  if (typeof v === 'string') return new TextEncoder().encode(v);
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

type Result = { bytes: Uint8Array; logs: [string, string][] } | { error: string; logs: [string, string][] };

// One "plugin instance": the bundle evaluated once with fresh Var and memory.
function makeInstance(code: string, config: Record<string, string>): { call(name: string, input: Uint8Array): Promise<Result> } {
  const state = { input: new Uint8Array() as Uint8Array, output: null as Uint8Array | null, logs: [] as [string, string][] };
  const vars = new Map<string, Uint8Array>();
  const mem = new Map<number, Uint8Array>();
  let next = 1 << 20;
  const store = (b: Uint8Array): number => {
    const o = next;
    next += 4096;
    mem.set(o, new Uint8Array(b));
    return o;
  };
  class MemoryHandle {
    constructor(
      public offset: number,
      public len: number,
    ) {}
    readBytes(): ArrayBuffer {
      return mem.get(Number(this.offset))!.slice().buffer;
    }
    readString(): string {
      return new TextDecoder().decode(this.readBytes());
    }
    readJsonObject(): unknown {
      return JSON.parse(this.readString());
    }
    readUInt32(): number {
      return new DataView(this.readBytes()).getUint32(0, true);
    }
    readUInt64(): bigint {
      return new DataView(this.readBytes()).getBigUint64(0, true);
    }
    readFloat32(): number {
      return new DataView(this.readBytes()).getFloat32(0, true);
    }
    readFloat64(): number {
      return new DataView(this.readBytes()).getFloat64(0, true);
    }
    readUFloat64(): number {
      return this.readFloat64();
    }
    free(): void {
      mem.delete(Number(this.offset));
    }
  }
  const handle = (o: number): MemoryHandle => new MemoryHandle(o, mem.get(o)!.length);
  const fromView = (fill: (d: DataView) => void, n: number): MemoryHandle => {
    const d = new DataView(new ArrayBuffer(n));
    fill(d);
    return handle(store(new Uint8Array(d.buffer)));
  };
  const Memory = {
    fromString: (s: string) => handle(store(toBytes(String(s)))),
    fromBuffer: (b: Bytes) => handle(store(toBytes(b))),
    fromJsonObject: (o: unknown) => handle(store(toBytes(JSON.stringify(o)))),
    allocUInt32: (i: number) => fromView((d) => d.setUint32(0, i, true), 4),
    allocUInt64: (i: bigint) => fromView((d) => d.setBigUint64(0, BigInt(i), true), 8),
    allocFloat32: (i: number) => fromView((d) => d.setFloat32(0, i, true), 4),
    allocFloat64: (i: number) => fromView((d) => d.setFloat64(0, i, true), 8),
    find: (o: number) => handle(Number(o)),
  };
  const Host = {
    inputString: () => new TextDecoder().decode(state.input),
    inputBytes: () => state.input.slice().buffer,
    outputString: (s: string) => {
      state.output = new TextEncoder().encode(String(s));
      return true;
    },
    outputBytes: (b: Bytes) => {
      state.output = toBytes(b).slice();
      return true;
    },
    getFunctions: () => Object.freeze({}),
    arrayBufferToBase64: (b: Bytes) => Buffer.from(toBytes(b)).toString('base64'),
    base64ToArrayBuffer: (s: string) => new Uint8Array(Buffer.from(s, 'base64')).buffer,
  };
  const Config = { get: (k: string) => config[k] ?? null };
  const Var = {
    set: (k: string, v: Bytes | null) => {
      if (v === null || v === undefined) vars.delete(k);
      else vars.set(k, toBytes(v).slice());
    },
    getBytes: (k: string) => vars.get(k)?.slice().buffer ?? null,
    getString: (k: string) => (vars.has(k) ? new TextDecoder().decode(vars.get(k)) : null),
  };
  // the engine's levels: log and info are "info"
  const logAt =
    (level: string) =>
    (...a: unknown[]): void => {
      state.logs.push([level, a.map(formatArg).join(' ')]);
    };
  const console = { log: logAt('info'), info: logAt('info'), warn: logAt('warn'), error: logAt('error'), debug: logAt('debug') };
  const module = { exports: {} as Record<string, () => unknown> };
  const fn = new Function('module', 'exports', 'Host', 'Config', 'Var', 'Memory', 'MemoryHandle', 'console', code);
  fn(module, module.exports, Host, Config, Var, Memory, MemoryHandle, console);
  return {
    async call(name, input) {
      state.input = input;
      state.output = null;
      state.logs = [];
      try {
        await module.exports[name]!();
        return { bytes: state.output ?? new Uint8Array(), logs: state.logs };
      } catch (e) {
        return { error: `Plugin-originated error: ${String(e)}`, logs: state.logs };
      }
    },
  };
}

interface Case {
  export: string;
  input?: string | { base64: string };
  config?: Record<string, string>;
  fresh?: boolean;
  output?: unknown;
  error?: string;
  logs?: unknown;
}

for (const f of readdirSync(dir).filter((n) => /^\d\d-.*\.expected\.json$/.test(n) && n.includes(filter)).sort()) {
  const name = f.replace('.expected.json', '');
  const text = readFileSync(path.join(dir, f), 'utf8');
  if (!text.includes('"?"')) continue;
  const cases = JSON.parse(text) as Case[];
  const built = await esbuild.build({
    entryPoints: [path.join(dir, `${name}.ts`)],
    bundle: true,
    format: 'cjs',
    target: 'es2020',
    platform: 'browser',
    write: false,
    charset: 'utf8',
  });
  const code = built.outputFiles[0]!.text;
  let inst: ReturnType<typeof makeInstance> | null = null;
  let key = '';
  for (const c of cases) {
    // these need the real engine
    if (typeof c.error === 'string' && /limit exceeded|never settled|invalid config/.test(c.error)) continue;
    const k = JSON.stringify(c.config ?? {});
    if (!inst || k !== key || c.fresh) {
      inst = makeInstance(code, c.config ?? {});
      key = k;
    }
    const input =
      c.input === undefined ? new Uint8Array() : typeof c.input === 'string' ? new TextEncoder().encode(c.input) : new Uint8Array(Buffer.from(c.input.base64, 'base64'));
    const got = await inst.call(c.export, input);
    if (c.output === '?' || c.error === '?') {
      delete c.output;
      delete c.error;
      if ('error' in got) c.error = got.error;
      else {
        const s = Buffer.from(got.bytes).toString('utf8');
        c.output = Buffer.from(s, 'utf8').equals(Buffer.from(got.bytes)) ? s : { base64: Buffer.from(got.bytes).toString('base64') };
      }
    }
    if (c.logs === '?') c.logs = got.logs;
  }
  writeFileSync(path.join(dir, f), `[\n${cases.map((c) => `  ${JSON.stringify(c)}`).join(',\n')}\n]\n`);
  process.stdout.write(`filled ${name}\n`);
}
