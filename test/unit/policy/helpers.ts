// Compiles policies for the policy-runtime tests and opens a runtime on
// temporary policy directories, with its log captured as parsed JSON lines.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { compiled, shipped } from '../../helpers/policy-fixtures';
import { createLogger, type Logger } from '../../../host/logging';
import { DEFAULT_LIMITS } from '../../../host/policy/limits';
import { PolicyRuntime, defaultRuntimeConfig, type PolicyRuntimeConfig } from '../../../host/policy/runtime';

export { ROOT, fixture, shipped, compiled, compiledSource, sha256 } from '../../helpers/policy-fixtures';

/** Polls until `check` holds, for things that happen in the background (the directory watcher). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
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
