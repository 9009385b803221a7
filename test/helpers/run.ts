// Runs a command without a shell and returns what it printed; failures
// carry the argv and stderr so a test failure says what went wrong.
import { execFile, type ExecFileOptions } from 'node:child_process';

export interface RunResult { stdout: string; stderr: string; code: number }

export function run(argv: readonly string[], opts: ExecFileOptions & { input?: string; allowFailure?: boolean } = {}): Promise<RunResult> {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('run: empty argv');
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { maxBuffer: 64 * 1024 * 1024, timeout: 120_000, ...opts, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException).code === 'number' ? Number((err as NodeJS.ErrnoException).code) : 1) : 0;
      const result = { stdout: String(stdout), stderr: String(stderr), code };
      if (err && !opts.allowFailure) {
        reject(new Error(`${argv.join(' ')} failed (exit ${code}): ${String(stderr).trim() || err.message}`));
      } else {
        resolve(result);
      }
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** Polls `probe` until it returns a value; a probe that throws ends the wait at once. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
