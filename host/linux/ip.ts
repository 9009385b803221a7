// iproute2 front-end. Reads use `ip -json`; writes go through `ip -batch -`
// so a multi-step change (create + master + mtu + up) costs one spawn.
import { ExecError, run } from './exec';

const IP = 'ip';

/**
 * Runs `ip -json <args>` and parses the output (empty output is `[]`). A dump
 * that raced with a change is reported by the kernel as interrupted
 * (NLM_F_DUMP_INTR); it is simply retried, as CNI's netlinksafe does for EINTR.
 */
export async function ipJson<T = unknown>(args: readonly string[]): Promise<T[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { stdout } = await run([IP, '-json', ...args]);
      const text = stdout.trim();
      return text === '' ? [] : (JSON.parse(text) as T[]);
    } catch (err) {
      if (attempt >= 5 || !(err instanceof ExecError) || !/Dump was interrupted/i.test(err.stderr)) throw err;
    }
  }
}

/** Runs one `ip` command. */
export async function ip(args: readonly string[]): Promise<void> {
  await run([IP, ...args]);
}

// `ip -batch` splits lines on blanks and understands quotes and `#`, so a
// token is restricted to characters that cannot change how a line is split.
// Callers validate names first; this is the last guard against injection of a
// second command through a newline.
const SAFE_TOKEN = /^[A-Za-z0-9_.:/@+,=-]+$/;

/** Joins a command into one batch line, refusing tokens that could alter the split. */
export function batchLine(cmd: readonly string[]): string {
  for (const token of cmd) {
    if (!SAFE_TOKEN.test(token)) throw new TypeError(`ip: unsafe token ${JSON.stringify(token)}`);
  }
  return cmd.join(' ');
}

/** Failure of one line in a batch; `index` is the 0-based failing command. */
export class BatchError extends ExecError {
  constructor(
    base: ExecError,
    readonly index: number | undefined,
  ) {
    super(base.argv, base.stderr, base.exitCode, base.signal, base.message);
  }
}

/**
 * Runs commands through one `ip -batch -` spawn. iproute2 stops at the first
 * failing line; the commands before it have been applied, so the caller rolls
 * them back using `BatchError.index`.
 */
export async function ipBatch(commands: readonly (readonly string[])[]): Promise<void> {
  if (commands.length === 0) return;
  const lines = commands.map(batchLine);
  try {
    await run([IP, '-batch', '-'], { input: lines.join('\n') + '\n' });
  } catch (err) {
    if (!(err instanceof ExecError)) throw err;
    const m = /Command failed -:(\d+)/.exec(err.stderr);
    const index = m ? Number(m[1]) - 1 : undefined;
    // Keep the kernel's words, drop iproute2's "Command failed -:N" trailer.
    const stderr = err.stderr
      .split('\n')
      .filter((l) => !/^Command failed -:\d+/.test(l))
      .join('\n')
      .trim();
    const failing = index !== undefined ? commands[index] : undefined;
    const msg = (failing ? `ip ${failing.join(' ')}: ` : '') + (stderr || err.message);
    throw new BatchError(new ExecError(err.argv, stderr, err.exitCode, err.signal, msg), index);
  }
}
