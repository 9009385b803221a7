// Compiles policies for the policy-runtime tests and opens a runtime on
// temporary policy directories, with its log captured as parsed JSON lines.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { buildPolicy } from '../../../guests/compiler/index';
import { createLogger, type Logger } from '../../../host/logging';
import { DEFAULT_LIMITS } from '../../../host/policy/limits';
import { PolicyRuntime, defaultRuntimeConfig, type PolicyRuntimeConfig } from '../../../host/policy/runtime';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const fixture = (name: string) => join(ROOT, 'test/fixtures/policies', name, 'policy.ts');
export const shipped = (name: string) => join(ROOT, 'guests/policies', name, 'policy.ts');

// Everything a compiled policy depends on besides its own source.
function toolchainDigest(): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(ROOT, 'guests/engine/engine.wasm.sha256')));
  for (const dir of ['guests/sdk', 'guests/compiler']) {
    for (const f of readdirSync(join(ROOT, dir)).sort()) hash.update(f).update(readFileSync(join(ROOT, dir, f)));
  }
  return hash.digest('hex');
}

const CACHE_DIR = join(tmpdir(), 'wasmdriver-policy-test-cache');
const inProcess = new Map<string, Promise<Uint8Array>>();

/**
 * Compiled bytes of a policy entry. Test files run in separate processes,
 * so the bytes are also cached on disk under the hash of the source and the
 * whole toolchain; any change to either rebuilds.
 */
export function compiled(entry: string): Promise<Uint8Array> {
  let bytes = inProcess.get(entry);
  if (!bytes) {
    bytes = (async () => {
      const key = createHash('sha256').update(toolchainDigest()).update(entry).update(readFileSync(entry)).digest('hex');
      const cached = join(CACHE_DIR, `${key}.wasm`);
      if (existsSync(cached)) return new Uint8Array(readFileSync(cached));
      const built = await buildPolicy({ entry });
      mkdirSync(CACHE_DIR, { recursive: true });
      // Written aside and renamed, so a concurrent test file never reads half a module.
      const partial = `${cached}.${process.pid}`;
      writeFileSync(partial, built.wasm);
      renameSync(partial, cached);
      return built.wasm;
    })();
    inProcess.set(entry, bytes);
  }
  return bytes;
}

export interface CapturedLog {
  logger: Logger;
  lines: Record<string, any>[];
  /** Decision records (the `decision` object of each decision line). */
  decisions(): Record<string, any>[];
}

export function captureLog(): CapturedLog {
  const lines: Record<string, any>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line !== '') lines.push(JSON.parse(line));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', pretty: false, destination });
  return { logger, lines, decisions: () => lines.filter((l) => l.decision).map((l) => l.decision) };
}

export interface PolicyDirs {
  builtinDir: string;
  policyDir: string;
  /** Writes NAME.wasm into the operator's policy directory. */
  install(name: string, bytes: Uint8Array | string): void;
  remove(): void;
}

/** A built-in directory holding the real default policy, and an empty operator directory. */
export async function policyDirs(): Promise<PolicyDirs> {
  const root = mkdtempSync(join(tmpdir(), 'wd-policy-'));
  const builtinDir = join(root, 'builtin');
  const policyDir = join(root, 'policies');
  mkdirSync(builtinDir);
  mkdirSync(policyDir);
  writeFileSync(join(builtinDir, 'default.wasm'), await compiled(shipped('default')));
  return {
    builtinDir,
    policyDir,
    install: (name, bytes) => writeFileSync(join(policyDir, `${name}.wasm`), bytes),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface TestRuntime {
  runtime: PolicyRuntime;
  log: CapturedLog;
  dirs: PolicyDirs;
  close(): Promise<void>;
}

/**
 * A runtime over the default policy plus the given policies (name -> entry
 * .ts), without a directory watcher unless asked.
 */
export async function openRuntime(
  policies: Record<string, string> = {},
  overrides: Partial<PolicyRuntimeConfig> = {},
): Promise<TestRuntime> {
  const dirs = await policyDirs();
  for (const [name, entry] of Object.entries(policies)) dirs.install(name, await compiled(entry));
  const log = captureLog();
  const runtime = await PolicyRuntime.open(
    { ...defaultRuntimeConfig({ builtinDir: dirs.builtinDir, policyDir: dirs.policyDir, pins: {} }), watch: false, limits: DEFAULT_LIMITS, ...overrides },
    log.logger,
  );
  return {
    runtime,
    log,
    dirs,
    async close() {
      await runtime.close();
      dirs.remove();
    },
  };
}
