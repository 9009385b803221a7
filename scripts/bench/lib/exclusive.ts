// Only one dockerd and one /run/docker/plugins serve at a time, and other
// people's e2e runs use them: the Docker benchmarks wait (polling every
// 30 s, bounded) until nobody else holds them, and never touch what they hold.
import { readdirSync, readFileSync } from 'node:fs';
import { probeSocket } from '../../../host/daemon/socket-guard';
import { run } from '../../../test/helpers/run';
import { intOption, sleep } from './bench';

const PLUGIN_SOCKETS = ['/run/docker/plugins/wasmnet.sock', '/run/docker/plugins/wasmvol.sock'];
const HARNESS_DOCKER = 'unix:///run/wasmdriver-test/docker/docker.sock';

function e2eRunners(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    if (Number(pid) === process.pid || Number(pid) === process.ppid) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (argv.some((a) => a.includes('test/e2e/'))) found.push(pid);
  }
  return found;
}

async function busyReasons(): Promise<string[]> {
  const reasons: string[] = [];
  for (const socket of PLUGIN_SOCKETS) {
    if ((await probeSocket(socket)) === 'live') reasons.push(`${socket} is served by another process`);
  }
  const harness = await run(['docker', '--host', HARNESS_DOCKER, 'version', '--format', '{{.Server.Version}}'], { allowFailure: true, timeout: 10_000 });
  if (harness.code === 0) reasons.push(`the e2e harness dockerd answers on ${HARNESS_DOCKER}`);
  const runners = e2eRunners();
  if (runners.length > 0) reasons.push(`e2e tests are running (pid ${runners.join(', ')})`);
  return reasons;
}

/**
 * Resolves once the Docker resources have been free for three checks in a
 * row, 10 s apart: a run of several e2e files leaves them free only for a
 * moment between files, and starting a dockerd then would make both fail.
 * Throws after --wait-minutes (default 60).
 */
export async function waitForDockerTurn(): Promise<void> {
  const deadline = Date.now() + intOption('wait-minutes', 60, 0) * 60_000;
  let quiet = 0;
  for (;;) {
    const reasons = await busyReasons();
    if (reasons.length === 0) {
      if (++quiet >= 3) return;
      await sleep(10_000);
      continue;
    }
    quiet = 0;
    if (Date.now() > deadline) throw new Error(`gave up waiting for dockerd and /run/docker/plugins: ${reasons.join('; ')}`);
    process.stderr.write(`waiting 30 s for another run to finish: ${reasons.join('; ')}\n`);
    await sleep(30_000);
  }
}
