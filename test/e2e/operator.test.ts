// The operator's view of a running daemon: settings from a configuration
// file (tenant default policy, pin, input recording, loopback metrics),
// `wasmdriver status` over the root-only admin socket, Prometheus metrics,
// SIGHUP reloads, and replay of what the daemon recorded.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupE2E, type E2EEnv } from '../helpers/e2e-env';
import { e2eSkipReason } from '../helpers/tiers';
import { run, waitFor } from '../helpers/run';
import { REPO_ROOT, WasmdriverProcess, WASMDRIVER_BIN } from '../helpers/wasmdriver-process';
import { adminRequest } from '../../host/admin/admin-client';

const wasmdriver = (args: string[], opts: { cwd?: string; allowFailure?: boolean } = {}) => run([process.execPath, WASMDRIVER_BIN, ...args], opts);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function scrape(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  assert.equal(response.status, 200);
  return response.text();
}

function sample(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && labels.split(',').every((kv) => l.includes(kv)));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('operating a running daemon: config file, status, metrics, SIGHUP', { skip: e2eSkipReason() }, () => {
  let env: E2EEnv;
  let port: number;
  let adminSocket: string;
  let network: string;
  let container: string;
  const work = mkdtempSync(join(tmpdir(), 'wd-operator-'));

  before(async () => {
    // A policy author's project, built with the shipped CLI.
    await wasmdriver(['policy', 'new', 'my-ipam'], { cwd: work });
    const policyDir = join(work, 'policies');
    await run(['mkdir', policyDir]);
    await wasmdriver(['policy', 'build', join(work, 'my-ipam/policy.ts'), '-o', join(policyDir, 'my-ipam.wasm')]);
    const pin = createHash('sha256').update(readFileSync(join(policyDir, 'my-ipam.wasm'))).digest('hex');
    port = await freePort();
    adminSocket = join(work, 'admin/admin.sock');
    const config = join(work, 'config.yaml');
    writeFileSync(
      config,
      `policyDir: ${policyDir}
adminSocket: ${adminSocket}
metricsListen: 127.0.0.1:${port}
recordInputs: true
policies:
  my-ipam: { sha256: ${pin}, mode: enforce, budgetMs: 200 }
tenants:
  team-a: { policy: my-ipam }
`,
    );
    const check = await wasmdriver(['config', 'check', config]);
    assert.match(check.stdout, /valid \(1 policy configured: my-ipam; 1 tenant default\)/);
    env = await setupE2E({ extraArgs: ['--config', config] });
    network = `${env.prefix}-op`;
    container = `${env.prefix}-op-c1`;
  });
  after(async () => {
    await env?.docker(['rm', '-f', container], { allowFailure: true });
    await env?.docker(['network', 'rm', network], { allowFailure: true });
    await env?.cleanup();
  });

  it('applies the tenant default policy from the configuration file', async () => {
    // The tenant names the policy for both the network (-o) and its address pool (--ipam-opt).
    await env.docker(['network', 'create', '-d', 'wasmnet', '-o', 'tenant=team-a', '--ipam-driver', 'wasmnet', '--ipam-opt', 'tenant=team-a', '--subnet', '10.88.7.0/24', network]);
    await env.runDetached(['--name', container, '--network', network]);
    const routes = (await env.docker(['exec', container, 'ip', 'route'])).stdout;
    assert.match(routes, /^default via 10\.88\.7\.254 dev eth0/m, 'my-ipam puts the gateway on the last usable address; the default would pick .1');
    const ip = (await env.docker(['inspect', '-f', `{{(index .NetworkSettings.Networks "${network}").IPAddress}}`, container])).stdout.trim();
    assert.equal(ip, '10.88.7.10');
  });

  it('serves the admin API on a root-only socket', () => {
    const stat = statSync(adminSocket);
    assert.ok(stat.isSocket());
    assert.equal(stat.mode & 0o777, 0o600);
  });

  it('`wasmdriver status` shows the network, the endpoint with its address and interfaces, pool fill and the policy', async () => {
    const json = JSON.parse((await wasmdriver(['status', '--admin-socket', adminSocket, '--json'])).stdout) as {
      networks: { id: string; policy: string; tenant: string }[];
      endpoints: { network: string; address: string; hostInterface: string }[];
      pools: { cidr: string; taken: number; capacity: string }[];
      policies: { name: string; sha256: string; mode: string; calls: number }[];
    };
    const networkId = (await env.docker(['network', 'inspect', '-f', '{{.Id}}', network])).stdout.trim();
    const net = json.networks.find((n) => n.id === networkId);
    assert.deepEqual(net && { policy: net.policy, tenant: net.tenant }, { policy: 'my-ipam', tenant: 'team-a' });
    const endpoint = json.endpoints.find((e) => e.network === networkId);
    assert.equal(endpoint?.address, '10.88.7.10/24');
    // The host end of the veth pair is a real link on the host.
    await run(['ip', 'link', 'show', 'dev', endpoint!.hostInterface]);
    // Capacities are exact decimal strings (an IPv6 /64 holds more than a JSON number carries exactly).
    assert.deepEqual(json.pools.filter((p) => p.cidr === '10.88.7.0/24').map((p) => [p.taken, p.capacity]), [[2, '254']]);
    const policy = json.policies.find((p) => p.name === 'my-ipam');
    assert.equal(policy?.mode, 'enforce');
    assert.ok((policy?.calls ?? 0) >= 3, `my-ipam was called ${policy?.calls} times`);

    const table = (await wasmdriver(['status', '--admin-socket', adminSocket])).stdout;
    assert.match(table, new RegExp(`^${networkId.slice(0, 12)} +\\S+ +10\\.88\\.7\\.0/24 +10\\.88\\.7\\.254/24 +1 +my-ipam +team-a$`, 'm'));
    assert.match(table, new RegExp(`^\\S{12} +${networkId.slice(0, 12)} +10\\.88\\.7\\.10/24 +- +${endpoint!.hostInterface} +\\S+$`, 'm'));
    assert.match(table, /^\S+ +10\.88\.7\.0\/24 +- +2 +254 +0\.8% +my-ipam +team-a$/m);
    assert.match(table, new RegExp(`^my-ipam +${policy!.sha256.slice(0, 12)} +enforce +\\d+ +${join(work, 'policies/my-ipam.wasm')}$`, 'm'));
  });

  it('serves Prometheus metrics on the loopback port and the admin socket', async () => {
    const text = await scrape(port);
    assert.ok(sample(text, 'wasmdriver_policy_decision_seconds_count', 'hook="assignAddress",policy="my-ipam",result="ok"') >= 2, text);
    assert.ok(sample(text, 'wasmdriver_plugin_request_seconds_count', 'plugin="wasmnet",endpoint="IpamDriver.RequestAddress",status_code="200"') >= 2);
    assert.equal(sample(text, 'wasmdriver_pool_addresses_taken', 'cidr="10.88.7.0/24"'), 2);
    assert.match(await adminRequest(adminSocket, 'GET', '/metrics'), /^wasmdriver_policy_decision_seconds_count\{/m);
  });

  it('counts a refused request as a policy error', async () => {
    const refused = await env.docker(['network', 'create', '-d', 'wasmnet', '--ipam-driver', 'wasmnet', '--ipam-opt', 'tenant=team-a', '--subnet', '192.168.77.0/24', `${env.prefix}-refused`], { allowFailure: true });
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /outside 10\.88\.0\.0\/16/);
    const text = await scrape(port);
    assert.ok(sample(text, 'wasmdriver_plugin_errors_total', 'endpoint="IpamDriver.RequestPool",class="policy"') >= 1, text);
    assert.ok(sample(text, 'wasmdriver_policy_failures_total', 'hook="selectPool",policy="my-ipam",failure="guest-error"') >= 1);
  });

  it('reloads the policies on SIGHUP', async () => {
    const before = sample(await scrape(port), 'wasmdriver_policy_reloads_total', 'reason="SIGHUP",result="ok"');
    process.kill(env.daemon.pid!, 'SIGHUP');
    await waitFor('the SIGHUP reload to be counted', async () => {
      const now = sample(await scrape(port), 'wasmdriver_policy_reloads_total', 'reason="SIGHUP",result="ok"');
      return now === before + 1 ? true : undefined;
    }, 10_000);
    assert.ok(env.daemon.lines.some((l) => l.msg === 'reloading policies' && l.signal === 'SIGHUP'));
  });

  it('records decision inputs that `policy replay` runs against a candidate', async () => {
    const log = join(work, 'daemon.log');
    writeFileSync(log, `${env.daemon.rawStderr.join('\n')}\n`);
    const defaultWasm = join(WASMDRIVER_BIN, '../policies/default.wasm');
    const r = await wasmdriver(['policy', 'replay', log, '--policy', defaultWasm], { allowFailure: true });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    // The default would have put the gateway on .1 and the container on .2.
    assert.match(r.stdout, /recorded: {2}\{"address":"10\.88\.7\.254"\}\n {4}candidate: \{"address":"10\.88\.7\.1"\}/);
    assert.match(r.stdout, /recorded: {2}refused: .*outside 10\.88\.0\.0\/16.*\n {4}candidate: \{"pool":"192\.168\.77\.0\/24"\}/);
  });

  it('refuses a non-loopback metrics address before touching anything', async () => {
    await assert.rejects(
      WasmdriverProcess.start({ socketDir: join(work, 'unused-sockets'), extraArgs: ['--metrics-listen', '0.0.0.0:9323'] }),
      /--metrics-listen: 0\.0\.0\.0 is not a loopback address/,
    );
  });
});

describe('`npx wasmdriver serve`, as README\'s first command starts it', { skip: e2eSkipReason() }, () => {
  it('stops, removing its sockets, when npx is sent SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-npx-'));
    const sockets = join(dir, 'plugins');
    const npx = spawn('npx', ['wasmdriver', 'serve', '--socket-dir', sockets, '--state-dir', join(dir, 'state'), '--admin-socket', join(dir, 'admin.sock')], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    npx.stderr!.setEncoding('utf8').on('data', (chunk: string) => { log += chunk; });
    try {
      await waitFor('the daemon under npx to serve', async () => (existsSync(join(sockets, 'wasmnet.sock')) ? true : undefined), 60_000, 100);
      npx.kill('SIGTERM');
      // npm does not pass the signal on to its grandchild; the daemon notices npx is gone.
      await waitFor('the daemon under npx to stop', async () => (existsSync(join(sockets, 'wasmnet.sock')) ? undefined : true), 10_000, 100);
    } finally {
      npx.kill('SIGKILL');
      // If the daemon outlived npx after all, it is still ours to stop: its command line names our directory.
      for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
        const cmdline = (() => { try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { return ''; } })();
        if (cmdline.includes(`\0${sockets}\0`)) process.kill(Number(pid), 'SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    }
    assert.match(log, /"signal":"npx exited","msg":"shutting down"/);
  });
});
