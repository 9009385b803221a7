// The systemd unit scripts/install-service installs, exercised without
// systemd: its ExecStartPre, ExecStart, ExecStartPost and ExecReload lines
// are run as systemd would run them (argv split on blanks, no shell), and
// the daemon they start must serve both plugin sockets.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, waitFor } from '../helpers/run';
import { useDockerEngine, type DockerEngine } from '../helpers/dockerd';
import { REPO_ROOT } from '../helpers/wasmdriver-process';
import { e2eSkipReason } from '../helpers/tiers';
import { probeSocket } from '../../host/daemon/socket-guard';
import { callWasmvol } from './volume-socket';

const SOCKETS = ['/run/docker/plugins/wasmnet.sock', '/run/docker/plugins/wasmvol.sock'];

/** The unit's [Section] Key=value lines; repeated keys keep every value. */
function parseUnit(text: string): Map<string, string[]> {
  const entries = new Map<string, string[]>();
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      section = header[1]!;
      continue;
    }
    const eq = line.indexOf('=');
    const key = `${section}.${line.slice(0, eq)}`;
    entries.set(key, [...(entries.get(key) ?? []), line.slice(eq + 1)]);
  }
  return entries;
}

/** systemd's command line: blank-separated words; a leading "-" means failure is ignored. */
function commandOf(line: string, mainPid?: number): { argv: string[]; ignoreFailure: boolean } {
  const ignoreFailure = line.startsWith('-');
  const argv = (ignoreFailure ? line.slice(1) : line).split(/\s+/).filter(Boolean).map((w) => (w === '$MAINPID' ? String(mainPid) : w));
  return { argv, ignoreFailure };
}

/** A socket a crashed daemon leaves: bound, then its owner killed before it could unlink it. */
async function plantStaleSocket(path: string): Promise<void> {
  const child = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(path)}, () => process.stdout.write('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('scripts/install-service and the wasmdriver.service unit', { skip: e2eSkipReason() }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'wd-unit-'));
  const stateDir = join(dir, 'state');
  let unit: Map<string, string[]>;
  let engine: DockerEngine | undefined;
  let daemon: ChildProcess | undefined;
  let daemonExit: Promise<unknown> | undefined;
  let stderr = '';

  before(async () => {
    // Holding the e2e tier's dockerd keeps another e2e run (and its daemon's
    // kernel objects, which a fresh daemon's reconcile would remove) away.
    engine = await useDockerEngine();
    for (const socket of SOCKETS) {
      assert.notEqual(await probeSocket(socket), 'live', `${socket} is owned by another live process (another e2e run?); retry when it is done`);
    }
    await run([join(REPO_ROOT, 'scripts/install-service'), '--unit-dir', dir]);
    unit = parseUnit(readFileSync(join(dir, 'wasmdriver.service'), 'utf8'));
  });
  after(async () => {
    if (daemon && daemon.exitCode === null && daemon.signalCode === null) {
      daemon.kill('SIGTERM');
      await daemonExit;
    }
    await engine?.stop();
  });

  it('orders wasmdriver before docker.service, restarts it on failure and is wanted at boot', () => {
    assert.deepEqual(unit.get('Unit.Before'), ['docker.service']);
    assert.deepEqual(unit.get('Service.Restart'), ['on-failure']);
    const wantedBy = (unit.get('Install.WantedBy') ?? []).join(' ').split(/\s+/);
    assert.ok(wantedBy.includes('docker.service') && wantedBy.includes('multi-user.target'), `WantedBy=${wantedBy.join(' ')}`);
    for (const key of ['ExecStartPre', 'ExecStart', 'ExecStartPost']) {
      const [cmd] = unit.get(`Service.${key}`) ?? [];
      assert.ok(cmd, `${key} is missing`);
      const { argv } = commandOf(cmd);
      assert.ok(argv[0]!.startsWith('/') && existsSync(argv[0]!), `${key} must start with an absolute, existing program: ${argv[0]}`);
      assert.equal(argv[1], join(REPO_ROOT, 'dist/wasmdriver.mjs'));
    }
  });

  it('passes systemd-analyze verify', { skip: existsSync('/usr/bin/systemd-analyze') ? false : 'systemd-analyze is not installed' }, async () => {
    const r = await run(['systemd-analyze', 'verify', join(dir, 'wasmdriver.service')], { allowFailure: true });
    assert.equal(r.code, 0, r.stderr);
  });

  it('ExecStartPre removes the stale socket a crash left', async () => {
    if (!existsSync(SOCKETS[0]!)) await plantStaleSocket(SOCKETS[0]!);
    assert.equal(await probeSocket(SOCKETS[0]!), 'stale');
    const { argv } = commandOf(unit.get('Service.ExecStartPre')![0]!);
    const r = await run(argv);
    assert.match(r.stdout, new RegExp(`^removed stale socket ${SOCKETS[0]!.replaceAll('.', '\\.')}$`, 'm'));
    assert.equal(existsSync(SOCKETS[0]!), false);
  });

  it('ExecStart serves both plugins, and ExecStartPost returns once they answer', async () => {
    const { argv } = commandOf(unit.get('Service.ExecStart')![0]!);
    // What an operator's drop-in (Environment=) would set: keep this run's state out of /var/lib/wasmdriver.
    daemon = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, WASMDRIVER_STATE_DIR: stateDir, WASMDRIVER_LOG_LEVEL: 'debug' } });
    daemonExit = new Promise((resolve) => daemon!.once('exit', resolve));
    daemon.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const post = commandOf(unit.get('Service.ExecStartPost')![0]!);
    await run(post.argv, { timeout: 90_000 });
    for (const socket of SOCKETS) assert.equal(await probeSocket(socket), 'live');
    const activate = await callWasmvol('Plugin.Activate', {}, SOCKETS[0]);
    assert.deepEqual(activate.json(), { Implements: ['NetworkDriver', 'IpamDriver'] });
  });

  it('ExecReload makes the daemon reload its policies', async () => {
    const { argv } = commandOf(unit.get('Service.ExecReload')![0]!, daemon!.pid);
    await run(argv);
    await waitFor('the reload to be logged', async () => (stderr.includes('"msg":"reloading policies"') ? true : undefined), 10_000);
  });

  it('stopping the service removes its sockets', async () => {
    daemon!.kill('SIGTERM');
    await daemonExit;
    for (const socket of SOCKETS) assert.equal(existsSync(socket), false, `${socket} survived a clean stop`);
  });
});
