// The daemon for the socket-only benchmarks (IPAM at scale, throughput):
// dist/wasmdriver.mjs serving on a private socket directory, by default in
// its own network and mount namespaces so it can run beside another test
// run's daemon without its start-up reconciliation touching that run's
// bridges or mounts. The Docker benchmarks use test/helpers instead, since
// dockerd only finds plugins in /run/docker/plugins.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WASMDRIVER_BIN, collectLogLines, waitUntilServing, type LogLine } from '../../../test/helpers/wasmdriver-process';
import { REPO_ROOT, sleep } from './bench';

export interface BenchDaemonOptions {
  logLevel?: 'debug' | 'info' | 'warn';
  /** Extra node flags for the daemon, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** Run without namespaces (only when no other daemon is live). */
  shareHost?: boolean;
}

export class BenchDaemon {
  readonly lines: LogLine[] = [];
  readonly raw: string[] = [];
  #exit: Promise<number | null>;

  private constructor(readonly dir: string, readonly child: ChildProcess) {
    this.#exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    collectLogLines(child.stderr!, this.lines, this.raw, 2000);
  }

  get socketDir(): string { return join(this.dir, 'plugins'); }
  get wasmnetSocket(): string { return join(this.socketDir, 'wasmnet.sock'); }

  static async start(opts: BenchDaemonOptions = {}): Promise<BenchDaemon> {
    const dir = mkdtempSync(join(tmpdir(), 'wasmdriver-bench-'));
    // Another build (e.g. a prototype fix bundled elsewhere) can be measured without touching dist/.
    const bin = process.env.BENCH_WASMDRIVER_BIN ?? WASMDRIVER_BIN;
    const serve = [
      bin, 'serve',
      '--socket-dir', join(dir, 'plugins'),
      '--state-dir', join(dir, 'state'),
      '--policy-dir', join(dir, 'policies'),
      '--admin-socket', join(dir, 'admin.sock'),
      '--log-level', opts.logLevel ?? 'info',
    ];
    const nodeArgs = opts.nodeArgs ?? [];
    const argv = opts.shareHost
      ? [process.execPath, ...nodeArgs, ...serve]
      : ['unshare', '--net', '--mount', '--', process.execPath, join(REPO_ROOT, 'scripts/bench/lib/isolated-entry.mjs'), ...nodeArgs, ...serve];
    const child = spawn(argv[0]!, argv.slice(1), {
      stdio: ['ignore', 'ignore', 'pipe'],
      cwd: dir,
      env: { ...process.env, WASMDRIVER_BENCH_PARENT_MNT_NS: readlinkSync('/proc/self/ns/mnt') },
    });
    const daemon = new BenchDaemon(dir, child);
    try {
      await waitUntilServing('the benchmark daemon to serve', daemon.#exit, daemon.lines, daemon.raw);
    } catch (err) {
      await daemon.dispose();
      throw err;
    }
    return daemon;
  }

  /** SIGTERM, then SIGKILL if it has not exited within 30 s; removes its directory. */
  async dispose(keep: string[] = []): Promise<void> {
    const child = this.child;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await this.#exit;
      clearTimeout(timer);
    }
    await sleep(0);
    if (keep.length === 0) rmSync(this.dir, { recursive: true, force: true });
  }
}
