// Runs the built `wasmdriver serve` (dist/wasmdriver.mjs, the artifact
// users run) as a child process and keeps its JSON log for assertions.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { waitFor } from './run';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const WASMDRIVER_BIN = join(REPO_ROOT, 'dist/wasmdriver.mjs');

const STOP_TIMEOUT_MS = 20_000;

export interface LogLine { level: number; msg?: string; [key: string]: unknown }

/**
 * Reads a daemon's stderr line by line: every line goes to `raw` (while it
 * holds fewer than `rawLimit`), the JSON ones also to `lines`.
 */
export function collectLogLines(stderr: Readable, lines: LogLine[], raw: string[], rawLimit = Infinity): void {
  let buffered = '';
  stderr.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (raw.length < rawLimit) raw.push(line);
      try { lines.push(JSON.parse(line) as LogLine); } catch { /* not JSON: kept in raw */ }
    }
  });
}

/**
 * Waits until `lines` from index `firstLine` on hold the daemon's
 * "wasmdriver is serving"; fails at once, quoting `raw`, if `exit` settles first.
 */
export async function waitUntilServing(
  what: string,
  exit: Promise<unknown>,
  lines: readonly LogLine[],
  raw: readonly string[],
  firstLine = 0,
): Promise<void> {
  let exited = false;
  void exit.then(() => { exited = true; });
  await waitFor(what, async () => {
    if (exited) throw new Error(`wasmdriver exited during start-up:\n${raw.join('\n')}`);
    return lines.slice(firstLine).some((l) => l.msg === 'wasmdriver is serving') ? true : undefined;
  }, 30_000, 50);
}

export interface ServeOptions {
  socketDir?: string;
  stateDir?: string;
  policyDir?: string;
  extraArgs?: string[];
  env?: Record<string, string>;
}

export class WasmdriverProcess {
  readonly lines: LogLine[] = [];
  readonly rawStderr: string[] = [];
  #child: ChildProcess | undefined;
  #exit: Promise<number | null> | undefined;

  private constructor(
    readonly socketDir: string,
    readonly stateDir: string,
    readonly args: string[],
    readonly env: Record<string, string>,
    private readonly ownsStateDir: boolean,
  ) {}

  static async start(opts: ServeOptions = {}): Promise<WasmdriverProcess> {
    if (!existsSync(WASMDRIVER_BIN)) throw new Error(`${WASMDRIVER_BIN} is missing; run scripts/setup (it builds dist/)`);
    const stateDir = opts.stateDir ?? (await mkdtemp(join(tmpdir(), 'wasmdriver-state-')));
    const socketDir = opts.socketDir ?? '/run/docker/plugins';
    const args = ['serve', '--socket-dir', socketDir, '--state-dir', stateDir, '--log-level', 'debug'];
    if (opts.policyDir) args.push('--policy-dir', opts.policyDir);
    args.push(...(opts.extraArgs ?? []));
    const proc = new WasmdriverProcess(socketDir, stateDir, args, opts.env ?? {}, opts.stateDir === undefined);
    try {
      await proc.launch();
    } catch (err) {
      await proc.dispose();
      throw err;
    }
    return proc;
  }

  get pid(): number | undefined { return this.#child?.pid; }

  async launch(): Promise<void> {
    // Earlier runs' lines stay for assertions; readiness is judged on this run's.
    const firstLine = this.lines.length;
    const child = spawn(process.execPath, [WASMDRIVER_BIN, ...this.args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...this.env },
    });
    this.#child = child;
    this.#exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    collectLogLines(child.stderr!, this.lines, this.rawStderr);
    await waitUntilServing('wasmdriver to serve', this.#exit, this.lines, this.rawStderr, firstLine);
  }

  /** Graceful stop (SIGTERM): the daemon must remove its sockets. */
  async stop(): Promise<number | null> {
    return this.#signal('SIGTERM');
  }

  /** Crash (SIGKILL): sockets and state are left as a crash leaves them. */
  async kill9(): Promise<void> {
    await this.#signal('SIGKILL');
  }

  /** Stops the daemon and removes the state directory this helper created. */
  async dispose(): Promise<void> {
    try {
      await this.stop();
    } finally {
      if (this.ownsStateDir) await rm(this.stateDir, { recursive: true, force: true });
    }
  }

  async restart(): Promise<void> {
    await this.launch();
  }

  async #signal(signal: NodeJS.Signals): Promise<number | null> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    child.kill(signal);
    if (signal === 'SIGKILL') return this.#exit!;
    // A daemon that does not stop is a failure to report, not a hang of the run.
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<'stuck'>((resolve) => { timer = setTimeout(() => resolve('stuck'), STOP_TIMEOUT_MS); });
    const outcome = await Promise.race([this.#exit!, stuck]);
    clearTimeout(timer);
    if (outcome !== 'stuck') return outcome;
    child.kill('SIGKILL');
    await this.#exit;
    throw new Error(`wasmdriver did not exit within ${STOP_TIMEOUT_MS / 1000} s of ${signal} (killed); its last lines:\n${this.rawStderr.slice(-10).join('\n')}`);
  }

  /** Docker plugin calls the given socket answered, as URL paths ("/Plugin.Activate"). */
  requests(plugin: 'wasmnet' | 'wasmvol'): string[] {
    return this.lines
      .filter((l) => l.plugin === plugin && l.msg === 'docker plugin call' && typeof l.call === 'string')
      .map((l) => `/${String(l.call)}`);
  }
}
