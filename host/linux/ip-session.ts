// A long-lived `ip -force -batch -` child for the container-start path.
// Spawning `ip` costs ~3-6 ms (most of it Node's fork/exec); writing one line
// to a running iproute2 costs ~0.4 ms, so a veth pair is made in ~0.7 ms.
//
// Protocol: each request is one command followed by a sentinel command that
// always fails (a 20-byte interface name cannot exist). iproute2 numbers the
// input lines and, with -force, reports each failing line on stderr as
// "Command failed -:N" and carries on. Everything we wait for is therefore
// on stderr, in order: when the sentinel's line is reported the request is
// done, and it failed iff its own line was reported before that.
// One request is in flight at a time; a stuck or dead child is killed and
// the next request starts a new one. A request written to a child that dies
// before answering fails ("exited unexpectedly"); it is not retried, since
// whether the kernel applied it is unknown (callers' ensure logic re-reads).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Socket } from 'node:net';
import { ExecError, toolEnv } from './exec';
import { batchLine } from './ip';

const SENTINEL = `link show dev ${'x'.repeat(20)}`;
const STALE_LOOKUP = /Cannot find device|No such device|Invalid argument/;
const ARGV = ['ip', '-force', '-batch', '-'] as const;

interface Pending {
  line: number;
  sentinel: number;
  command: string;
  resolve: () => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export class IpSession {
  #child: ChildProcessWithoutNullStreams | undefined;
  #stderr = '';
  #line = 0;
  #pending: Pending | undefined;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(readonly timeoutMs = 10_000) {}

  /** Runs one `ip` command (without the leading `ip`) through the session. */
  run(cmd: readonly string[]): Promise<void> {
    let command: string;
    try {
      command = batchLine(cmd); // validate before queueing
    } catch (err) {
      return Promise.reject(err);
    }
    const next = this.#tail.then(() => this.#runWithFreshRetry(command));
    this.#tail = next.catch(() => {});
    return next;
  }

  // iproute2 caches interface name -> index for the life of a batch. A link
  // deleted and re-created behind its back (another tool, or our own
  // one-shot `ip`) makes the cache lie: "master br0" fails with EINVAL and
  // "link del br0" reports a missing device while br0 exists. A lookup
  // failure is therefore retried once on a fresh child before it counts.
  async #runWithFreshRetry(command: string): Promise<void> {
    try {
      await this.#runOne(command);
    } catch (err) {
      if (!(err instanceof ExecError) || !STALE_LOOKUP.test(err.stderr)) throw err;
      this.#retire();
      await this.#runOne(command);
    }
  }

  /** Lets the current child finish and exit; the next command starts a new one. */
  #retire(): void {
    const child = this.#child;
    this.#child = undefined;
    child?.stdin.end();
  }

  /** PID of the current child, if one is running (for diagnostics and tests). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** Ends the child; a later `run` starts a new one. */
  close(): void {
    const child = this.#child;
    this.#child = undefined;
    this.#fail(new ExecError([...ARGV], '', null, null, 'ip session closed before the command finished'));
    if (child && child.exitCode === null) {
      child.stdin.end();
      child.kill('SIGKILL');
    }
  }

  #start(): ChildProcessWithoutNullStreams {
    const [file, ...args] = ARGV;
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], env: toolEnv() });
    this.#stderr = '';
    this.#line = 0;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (this.#child !== child) return;
      this.#stderr += chunk;
      this.#settle();
    });
    child.stdout.resume(); // write commands print nothing; never let the pipe fill
    child.stdin.on('error', () => {}); // reported through 'exit'
    const died = (why: string) => {
      // A child we already replaced (closed after a timeout) owns no request.
      if (this.#child !== child) return;
      this.#child = undefined;
      this.#fail(new ExecError([...ARGV], this.#stderr.trim(), null, null, why));
    };
    child.on('error', (err) => died(`ip -batch failed to start: ${err.message}`));
    child.on('exit', (code, signal) => died(`ip -batch exited unexpectedly (code ${code}, signal ${signal})`));
    this.#child = child;
    return child;
  }

  #runOne(command: string): Promise<void> {
    const child = this.#child ?? this.#start();
    this.#setRef(child, true);
    return new Promise<void>((resolve, reject) => {
      const line = ++this.#line;
      const sentinel = ++this.#line;
      const timer = setTimeout(() => {
        this.#fail(new ExecError([...ARGV], '', null, 'SIGKILL', `ip ${command}: timed out after ${this.timeoutMs} ms`));
        this.close();
      }, this.timeoutMs);
      this.#pending = { line, sentinel, command, resolve, reject, timer };
      child.stdin.write(`${command}\n${SENTINEL}\n`);
    });
  }

  #settle(): void {
    const p = this.#pending;
    if (!p) return;
    const done = `Command failed -:${p.sentinel}\n`;
    const end = this.#stderr.indexOf(done);
    if (end < 0) return;
    const text = this.#stderr.slice(0, end);
    this.#stderr = this.#stderr.slice(end + done.length);
    this.#finish();
    const failedAt = text.indexOf(`Command failed -:${p.line}\n`);
    if (failedAt < 0) return p.resolve();
    const stderr = text.slice(0, failedAt).trim();
    p.reject(new ExecError([...ARGV, p.command], stderr, 1, null, `ip ${p.command}: ${stderr || 'failed'}`));
  }

  #fail(err: Error): void {
    const p = this.#pending;
    if (!p) return;
    this.#finish();
    p.reject(err);
  }

  #finish(): void {
    if (this.#pending) clearTimeout(this.#pending.timer);
    this.#pending = undefined;
    if (this.#child) this.#setRef(this.#child, false);
  }

  // An idle session must not keep the daemon (or a test) alive; a busy one
  // must, or an awaited request could be abandoned at exit.
  #setRef(child: ChildProcessWithoutNullStreams, on: boolean): void {
    const streams = [child.stdin, child.stdout, child.stderr] as unknown as Socket[];
    if (on) {
      child.ref();
      for (const s of streams) s.ref?.();
    } else {
      child.unref();
      for (const s of streams) s.unref?.();
    }
  }
}

/** The daemon's session (root network namespace). */
export const ipSession = new IpSession();
