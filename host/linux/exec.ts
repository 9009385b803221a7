// The one place that spawns OS tools. Every call is an argv array (never a
// shell string), bounded in time and output, and a failure carries the argv
// and the tool's own stderr so the operator sees what the kernel said.
import { execFile, spawn } from 'node:child_process';
import { systemFailure, type WasmdriverError } from '../errors';

export interface ExecOptions {
  /** Milliseconds before the child is killed (SIGKILL). */
  timeoutMs?: number;
  /** Written to the child's stdin, then stdin is closed. */
  input?: string;
  maxBuffer?: number;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
}

/** Failure of an OS tool, with what was run and what it printed. */
export class ExecError extends Error {
  override readonly name = 'ExecError';
  constructor(
    readonly argv: readonly string[],
    readonly stderr: string,
    readonly exitCode: number | null,
    readonly signal: string | null,
    message: string,
  ) {
    super(message);
  }
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BUFFER = 16 * 1024 * 1024;

export function run(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const [file, ...args] = argv;
  if (file === undefined) return Promise.reject(new TypeError('run: empty argv'));
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      { timeout, killSignal: 'SIGKILL', maxBuffer: opts.maxBuffer ?? DEFAULT_MAX_BUFFER, encoding: 'utf8', env: toolEnv() },
      (err, stdout, stderr) => {
        if (!err) return resolve({ stdout, stderr });
        const e = err as NodeJS.ErrnoException & { code?: number | string; killed?: boolean; signal?: string | null };
        const stderrText = String(stderr ?? '').trim();
        let why: string;
        if (e.code === 'ENOENT') why = `${file} not found in PATH`;
        else if (e.killed && e.signal === 'SIGKILL') why = `timed out after ${timeout} ms`;
        else why = stderrText || e.message;
        reject(new ExecError(argv, stderrText, typeof e.code === 'number' ? e.code : null, e.signal ?? null, firstLines(why)));
      },
    );
    // Swallow EPIPE when the tool exits before reading its input; the exit
    // status is the error we report.
    child.stdin?.on('error', () => {});
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

/** Spawns a long-running child (tests: servers in namespaces). Caller kills it by PID. */
export function spawnChild(argv: readonly string[]) {
  const [file, ...args] = argv;
  if (file === undefined) throw new TypeError('spawnChild: empty argv');
  return spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env: toolEnv() });
}

/** Environment for OS tools: fixed locale so error texts ("File exists") can be matched. */
export function toolEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C' };
}

// Tools' advice lines ("dmesg(1) may have more information...") are noise in
// an error that reaches `docker` output.
function firstLines(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^dmesg\(1\) may have more information/.test(l));
  return lines.slice(0, 4).join('; ');
}

/** Wraps an OS failure as the daemon's error: `failed to <what>: <cause>`. */
export function osFailure(what: string, err: unknown): WasmdriverError {
  const cause = err instanceof Error ? err.message : String(err);
  return systemFailure(`failed to ${what}: ${cause}`, err);
}

/** True when a tool failed because the object already exists. */
export function isExists(err: unknown): boolean {
  return err instanceof ExecError && /File exists|already exists/i.test(err.stderr);
}

/** True when a tool failed because the object is missing. */
export function isNotFound(err: unknown): boolean {
  return (
    err instanceof ExecError &&
    /Cannot find device|No such device|does not exist|No such file or directory|Cannot find address|Address not found/i.test(err.stderr)
  );
}
