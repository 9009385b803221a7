// Conformance suite: every guest program in programs/ is compiled by the real
// CLI (`wasmdriver policy build`) and each case of its NN-name.expected.json
// is run through @extism/extism, the way the daemon runs policies.
//
// NN-name.expected.json is either a list of cases, run in order, or
// { "buildError": "substring" } for a program that must not compile.
// A case:
//   export    export to call
//   input     "text" | { "base64": "..." } (default "")
//   config    Extism config; cases run on one plugin instance while the config
//             stays the same (so Var and top-level state carry over); a new
//             config, or "fresh": true, starts a new instance
//   output    "text" | { "base64": "..." } | { "json": value }   (exactly one of
//   error     substring of the Extism error message              output / error / v8)
//   logs      [[level, message], ...] the host logger must receive during the call
//   calls     repeat the call n times, each with the same expectation
//   v8        { "generator": name, "values": n, "batch": n }: input and expected
//             output are computed here by running the same code in Node (V8)
//   todo      a known engine/V8 difference: reported, does not fail the run
// WASMDRIVER_CONFORMANCE_CLI=source builds with host/cli/main.ts instead of dist/.
// NN-name.d.ts, when present, is the interface file: the host functions it
// declares are supplied from HOST_FUNCTIONS below.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import createPlugin, { type CallContext, type Plugin } from '@extism/extism';
import { formatNumber, numberValues, parseNumber, parseStrings } from './programs/lib/number-format';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const programsDir = path.join(here, 'programs');
const distCli = path.join(root, 'dist/wasmdriver.mjs');
const BUILD_CONCURRENCY = 2;

type Bytes = { base64: string };
type Expected = string | Bytes | { json: unknown };
interface Case {
  export: string;
  input?: string | Bytes;
  config?: Record<string, string>;
  fresh?: boolean;
  output?: Expected;
  error?: string;
  logs?: [string, string][];
  calls?: number;
  v8?: { generator: 'format' | 'parse'; values: number; batch: number };
  todo?: string;
}
interface Program {
  name: string;
  source: string;
  iface: string | null;
  expected: Case[] | { buildError: string };
}

// ---- host functions supplied to programs that declare them ---------------------------

type HostFn = (cc: CallContext, ...args: any[]) => any;
const HOST_FUNCTIONS: Record<string, HostFn> = {
  // I32
  add_i32: (_cc, a: number, b: number) => (a + b) | 0,
  neg_i32: (_cc, a: number) => -a | 0,
  // I64: the Extism host sees i64 as BigInt
  mul_i64: (_cc, a: bigint, b: bigint) => BigInt.asIntN(64, a * b),
  hi_i64: (_cc) => 0x7fffffffffffffffn,
  // F64 / F32
  scale_f64: (_cc, x: number, k: number) => x * k,
  half_f32: (_cc, x: number) => Math.fround(x / 2),
  // PTR: Extism memory blocks
  upper_ptr: (cc, p: bigint) => cc.store(cc.read(p)!.text().toUpperCase()),
  len_ptr: (cc, p: bigint) => BigInt(cc.read(p)!.bytes().length),
  // five parameters, every type, and a void result
  mix5: (cc, a: number, b: bigint, c: number, d: bigint, e: number) =>
    cc.store(JSON.stringify([a, b.toString(), c, cc.read(d)!.text(), e])),
  record_void: (cc, p: bigint) => {
    recorded.push(cc.read(p)!.text());
  },
  recorded_count: () => recorded.length,
};
const recorded: string[] = [];

// ---- loading the programs -------------------------------------------------------------

// WASMDRIVER_CONFORMANCE_ONLY=<regexp> runs only the programs whose name matches.
const only = process.env.WASMDRIVER_CONFORMANCE_ONLY ? new RegExp(process.env.WASMDRIVER_CONFORMANCE_ONLY) : null;

function loadPrograms(): Program[] {
  const names = readdirSync(programsDir)
    .filter((f) => /^\d{2,}-[\w-]+\.ts$/.test(f) && !f.endsWith('.d.ts') && (!only || only.test(f)))
    .map((f) => f.slice(0, -3))
    .sort();
  return names.map((name) => {
    const expectedFile = path.join(programsDir, `${name}.expected.json`);
    const iface = path.join(programsDir, `${name}.d.ts`);
    return {
      name,
      source: path.join(programsDir, `${name}.ts`),
      iface: existsSync(iface) ? iface : null,
      expected: JSON.parse(readFileSync(expectedFile, 'utf8')) as Program['expected'],
    };
  });
}

// ---- building through the CLI ---------------------------------------------------------

// The dist bundle is what operators run (scripts/test builds it first);
// WASMDRIVER_CONFORMANCE_CLI=source runs host/cli/main.ts through tsx instead.
function cliArgv(): string[] {
  if (existsSync(distCli) && process.env.WASMDRIVER_CONFORMANCE_CLI !== 'source') return [distCli];
  return ['--import', 'tsx', path.join(root, 'host/cli/main.ts')];
}

interface BuildResult {
  wasm: Uint8Array<ArrayBuffer> | null;
  stderr: string;
}

function build(p: Program, outDir: string): Promise<BuildResult> {
  const out = path.join(outDir, `${p.name}.wasm`);
  const args = [...cliArgv(), 'policy', 'build', p.source, '-o', out, ...(p.iface ? ['-i', p.iface] : [])];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: root, timeout: 120_000, maxBuffer: 16 << 20 }, (err, _stdout, stderr) => {
      resolve({ wasm: err ? null : new Uint8Array(readFileSync(out)), stderr: err ? `${err.message}\n${stderr}` : stderr });
    });
  });
}

// Starts every build now, BUILD_CONCURRENCY at a time, so later builds overlap
// the earlier programs' cases.
function startBuilds(programs: Program[], outDir: string): Map<string, Promise<BuildResult>> {
  const results = new Map<string, Promise<BuildResult>>();
  const queue: (() => void)[] = [];
  let running = 0;
  const next = (): void => {
    while (running < BUILD_CONCURRENCY && queue.length) {
      running++;
      queue.shift()!();
    }
  };
  for (const p of programs) {
    results.set(
      p.name,
      new Promise<BuildResult>((resolve) => {
        queue.push(() => {
          build(p, outDir).then((r) => {
            running--;
            resolve(r);
            next();
          });
        });
      }),
    );
  }
  next();
  return results;
}

// ---- running cases --------------------------------------------------------------------

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;

function inputBytes(input: Case['input']): string | Uint8Array {
  if (input === undefined) return '';
  return typeof input === 'string' ? input : new Uint8Array(Buffer.from(input.base64, 'base64'));
}

function describeInput(input: Case['input']): string {
  if (input === undefined || input === '') return '';
  const s = typeof input === 'string' ? JSON.stringify(input) : `base64:${input.base64}`;
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

class Runner {
  private plugin: Plugin | null = null;
  private configKey = '';
  readonly logs: [string, string][] = [];

  constructor(
    private readonly module: WebAssembly.Module,
    private readonly functions: Record<string, HostFn>,
  ) {}

  async instance(c: Case): Promise<Plugin> {
    const key = JSON.stringify(c.config ?? {});
    if (this.plugin && key === this.configKey && !c.fresh) return this.plugin;
    await this.close();
    const logger = Object.fromEntries(LEVELS.map((l) => [l, (m: string) => this.logs.push([l, m])])) as unknown as Console;
    this.plugin = await createPlugin(
      { wasm: [{ module: this.module }], config: c.config ?? {} },
      { useWasi: false, runInWorker: false, functions: { 'extism:host/user': this.functions }, logger, logLevel: 'debug' },
    );
    this.configKey = key;
    return this.plugin;
  }

  async close(): Promise<void> {
    await this.plugin?.close();
    this.plugin = null;
  }
}

async function callOnce(plugin: Plugin, c: Case, input: string | Uint8Array): Promise<{ bytes: Uint8Array } | { error: string }> {
  try {
    const out = await plugin.call(c.export, input);
    return { bytes: out ? new Uint8Array(out.bytes()) : new Uint8Array() };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

function checkOutput(got: { bytes: Uint8Array } | { error: string }, c: Case, where: string): void {
  if (c.error !== undefined) {
    assert.ok('error' in got, `${where}: expected an error containing ${JSON.stringify(c.error)}, got output ${'bytes' in got ? JSON.stringify(Buffer.from(got.bytes).toString('utf8')) : ''}`);
    assert.ok(got.error.includes(c.error), `${where}: error ${JSON.stringify(got.error)} does not contain ${JSON.stringify(c.error)}`);
    return;
  }
  if ('error' in got) assert.fail(`${where}: unexpected error ${got.error}`);
  const want = c.output!;
  if (typeof want === 'string') {
    assert.equal(Buffer.from(got.bytes).toString('utf8'), want, where);
    // the text must also be exactly these bytes (no replacement characters hidden by decoding)
    assert.deepEqual(Buffer.from(got.bytes), Buffer.from(want, 'utf8'), `${where}: bytes`);
  } else if ('base64' in want) {
    assert.equal(Buffer.from(got.bytes).toString('base64'), want.base64, where);
  } else {
    assert.deepEqual(JSON.parse(Buffer.from(got.bytes).toString('utf8')), want.json, where);
  }
}

// Generated cases: the same function (programs/lib/number-format.ts) runs in
// the guest and here in V8, over thousands of deterministic values.
async function runV8Case(plugin: Plugin, c: Case): Promise<number> {
  const g = c.v8!;
  const values = numberValues(g.values);
  const inputs: string[] = g.generator === 'format' ? values.map((x) => (Object.is(x, -0) ? '-0' : String(x))) : parseStrings(values);
  const want = g.generator === 'format' ? values.map(formatNumber) : inputs.map(parseNumber);
  const mismatches: string[] = [];
  let compared = 0;
  for (let i = 0; i < inputs.length; i += g.batch) {
    const batch = inputs.slice(i, i + g.batch);
    const out = await plugin.call(c.export, JSON.stringify(batch));
    const got = out!.json() as string[][];
    assert.equal(got.length, batch.length, `batch at ${i}: ${got.length} results for ${batch.length} inputs`);
    got.forEach((row, j) => {
      const w = want[i + j]!;
      assert.equal(row.length, w.length, `${batch[j]}: ${row.length} formats, V8 has ${w.length}`);
      w.forEach((ws, k) => {
        compared++;
        if (row[k] !== ws && mismatches.length < 20) mismatches.push(`${batch[j]} #${k}: got ${row[k]} want (V8) ${ws}`);
      });
    });
  }
  assert.deepEqual(mismatches, []);
  return compared;
}

function validate(p: Program, c: Case, i: number): void {
  const kinds = [c.output !== undefined, c.error !== undefined, c.v8 !== undefined].filter(Boolean).length;
  assert.equal(kinds, 1, `${p.name} case #${i}: exactly one of output, error, v8 is required`);
  assert.equal(typeof c.export, 'string', `${p.name} case #${i}: export`);
}

// ---- the tests ------------------------------------------------------------------------

const programs = loadPrograms();
const outDir = mkdtempSync(path.join(tmpdir(), 'wd-conformance-'));
const builds = startBuilds(programs, outDir);
after(() => rmSync(outDir, { recursive: true, force: true }));

it('the suite has at least 60 programs, each with expected output', () => {
  if (!only) assert.ok(programs.length >= 60, `${programs.length} programs`);
  for (const p of programs) {
    if (Array.isArray(p.expected)) {
      assert.ok(p.expected.length > 0, `${p.name} has no cases`);
      p.expected.forEach((c, i) => validate(p, c, i));
    } else {
      assert.equal(typeof p.expected.buildError, 'string', `${p.name}: expected.json is neither a list of cases nor { buildError }`);
    }
  }
});

for (const p of programs) {
  describe(p.name, { timeout: 120_000 }, () => {
    const expected = p.expected;
    if (!Array.isArray(expected)) {
      it(`build fails with ${JSON.stringify(expected.buildError)}`, async () => {
        const r = await builds.get(p.name)!;
        assert.equal(r.wasm, null, `${p.name} compiled but should not have`);
        assert.ok(r.stderr.includes(expected.buildError), `build error does not contain ${JSON.stringify(expected.buildError)}:\n${r.stderr}`);
      });
      return;
    }

    let runner: Runner | null = null;
    const getRunner = async (): Promise<Runner> => {
      if (runner) return runner;
      const r = await builds.get(p.name)!;
      if (!r.wasm) assert.fail(`${p.name} did not compile:\n${r.stderr}`);
      const module = await WebAssembly.compile(r.wasm);
      const functions: Record<string, HostFn> = {};
      for (const imp of WebAssembly.Module.imports(module)) {
        if (imp.module !== 'extism:host/user') continue;
        const fn = HOST_FUNCTIONS[imp.name];
        assert.ok(fn, `${p.name} imports host function ${imp.name}, which the suite does not provide`);
        functions[imp.name] = fn;
      }
      if (p.iface) assert.ok(Object.keys(functions).length > 0, `${p.name}.d.ts declares no host function the module imports`);
      runner = new Runner(module, functions);
      return runner;
    };
    after(() => runner?.close());

    expected.forEach((c, i) => {
      const title = `#${i} ${c.export}(${c.v8 ? `V8 ${c.v8.generator} x${c.v8.values}` : describeInput(c.input)})${c.calls ? ` x${c.calls}` : ''}`;
      it(title, c.todo ? { todo: c.todo } : {}, async () => {
        const r = await getRunner();
        const plugin = await r.instance(c);
        if (c.v8) {
          const compared = await runV8Case(plugin, c);
          assert.ok(compared >= c.v8.values, `compared only ${compared} results`);
          return;
        }
        for (let n = 0; n < (c.calls ?? 1); n++) {
          r.logs.length = 0;
          const got = await callOnce(plugin, c, inputBytes(c.input));
          const where = `${p.name} case #${i}${c.calls ? ` call ${n + 1}` : ''}`;
          checkOutput(got, c, where);
          if (c.logs) assert.deepEqual(r.logs.filter(([l]) => l !== 'trace'), c.logs, `${where}: logs`);
        }
      });
    });
  });
}
