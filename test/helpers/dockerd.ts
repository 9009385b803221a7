// A real dockerd for the e2e tier. An engine that already answers is used
// as it is; otherwise one is started with its own data and exec roots, and
// only that one is stopped afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { isMountpoint } from './mounts';
import { run, waitFor, type RunResult } from './run';

const DOCKER_CLI = existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';
const DOCKERD = existsSync('/usr/sbin/dockerd') ? '/usr/sbin/dockerd' : 'dockerd';
const OWN_ROOT = '/run/wasmdriver-test/docker';
const OWN_SOCKET = `unix://${OWN_ROOT}/docker.sock`;
const OWN_DATA_ROOT = '/var/lib/wasmdriver-test/docker';

export interface DockerEngine {
  /** Runs the docker CLI against this engine. */
  docker(args: readonly string[], opts?: { allowFailure?: boolean; timeout?: number; input?: string }): Promise<RunResult>;
  readonly host: string;
  readonly startedByUs: boolean;
  readonly logFile: string | undefined;
  /** Restarts the engine (only an engine we started). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function answers(host: string): Promise<boolean> {
  const r = await run([DOCKER_CLI, '--host', host, 'version', '--format', '{{.Server.Version}}'], { allowFailure: true, timeout: 10_000 });
  return r.code === 0;
}

export async function useDockerEngine(): Promise<DockerEngine> {
  if (!existsSync(DOCKERD) && !existsSync('/usr/bin/docker')) {
    throw new Error("the e2e tier needs Debian's docker.io (dockerd + docker CLI); run scripts/setup --tests");
  }
  const existing = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  if (await answers(existing)) return new ExistingEngine(existing);
  if (await answers(OWN_SOCKET)) {
    throw new Error(`another e2e run's dockerd already answers on ${OWN_SOCKET} (same data and exec roots); wait for that run to finish`);
  }
  // Networks an aborted run left in this engine's store name a plugin that
  // is not serving yet when dockerd starts, and dockerd waits 15 s on each of
  // them at every start-up. No test keeps a network across files (only
  // across restarts within one), so each file starts with an empty store.
  await rm(`${OWN_DATA_ROOT}/network/files/local-kv.db`, { force: true });
  const own = new OwnEngine();
  await own.start();
  return own;
}

function docker(host: string, args: readonly string[], opts: { allowFailure?: boolean; timeout?: number; input?: string } = {}): Promise<RunResult> {
  return run([DOCKER_CLI, '--host', host, ...args], {
    timeout: opts.timeout ?? 120_000,
    allowFailure: opts.allowFailure ?? false,
    ...(opts.input !== undefined ? { input: opts.input } : {}),
  });
}

class ExistingEngine implements DockerEngine {
  readonly startedByUs = false;
  readonly logFile = undefined;
  constructor(readonly host: string) {}
  docker(args: readonly string[], opts?: { allowFailure?: boolean; timeout?: number; input?: string }) { return docker(this.host, args, opts); }
  async restart(): Promise<void> { throw new Error('refusing to restart a dockerd this test run did not start'); }
  async stop(): Promise<void> {}
}

class OwnEngine implements DockerEngine {
  readonly startedByUs = true;
  readonly host = OWN_SOCKET;
  readonly logFile = `${OWN_ROOT}/dockerd.log`;
  #child: ChildProcess | undefined;

  docker(args: readonly string[], opts?: { allowFailure?: boolean; timeout?: number; input?: string }) { return docker(this.host, args, opts); }

  async start(): Promise<void> {
    mkdirSync(OWN_ROOT, { recursive: true });
    const fd = openSync(this.logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(DOCKERD, [
        '--host', OWN_SOCKET,
        '--data-root', OWN_DATA_ROOT,
        '--exec-root', OWN_ROOT,
        '--pidfile', `${OWN_ROOT}/dockerd.pid`,
        // No docker0: the tests create every network they use, and a default
        // bridge would be one more object left on the host.
        '--bridge', 'none',
      ], { stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
    this.#child = child;
    let exited = false;
    child.once('exit', () => { exited = true; });
    await waitFor('dockerd to answer', async () => {
      if (exited) throw new Error(`dockerd exited during start-up; see ${this.logFile}`);
      return (await answers(OWN_SOCKET)) ? true : undefined;
    }, 60_000, 250);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
    // dockerd bind-mounts its data root onto itself (to make it a shared
    // mount) and leaves that mount behind when it exits; it is ours to undo.
    if (await isMountpoint(OWN_DATA_ROOT)) {
      await run(['umount', '--lazy', OWN_DATA_ROOT]);
    }
  }
}
