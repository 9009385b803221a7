// Runs the `wasmdriver` CLI from source, as a child process, without a shell.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const MAIN = path.join(ROOT, 'host/cli/main.ts');

export interface CliResult { code: number; stdout: string; stderr: string }

export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      // tsx by URL: a bare --import resolves from the cwd, which may be outside the repository.
      ['--no-warnings', '--import', import.meta.resolve('tsx'), MAIN, ...args],
      { cwd: opts.cwd ?? ROOT, timeout: 120_000, env: { ...process.env, ...opts.env }, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
