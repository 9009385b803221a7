// Connectivity checks between test namespaces. The machine has no `ping`
// (iputils-ping is not installed), so a TCP connect stands in for it: a tiny
// Node server listens in one namespace and a Node client connects from the
// other. Traffic only ever flows between the tests' own namespaces.
import { once } from 'node:events';
import { run, spawnChild } from '../../host/linux/exec';
import { execInNetns } from './netns';

const SERVER = `
const net = require('node:net');
const [host, port] = process.argv.slice(1);
const srv = net.createServer((s) => s.end('ok'));
srv.listen(Number(port), host, () => process.stdout.write('ready\\n'));
`;

const CLIENT = `
const net = require('node:net');
const [host, port, ms] = process.argv.slice(1);
const s = net.connect({ host, port: Number(port) });
const t = setTimeout(() => { process.stderr.write('timeout'); process.exit(2); }, Number(ms));
s.on('data', (d) => { clearTimeout(t); process.exit(String(d) === 'ok' ? 0 : 3); });
s.on('error', (e) => { process.stderr.write(e.code || e.message); process.exit(1); });
`;

export interface ProbeResult {
  reachable: boolean;
  /** Why not: ECONNREFUSED, EHOSTUNREACH, timeout... */
  detail: string;
}

/**
 * Listens on `address:port` in `toNs`, connects from `fromNs` (null: the
 * host's own namespace), and reports whether the connection completed
 * within `timeoutMs`.
 */
export async function tcpProbe(fromNs: string | null, toNs: string, address: string, port = 7777, timeoutMs = 1500): Promise<ProbeResult> {
  const server = spawnChild(['ip', 'netns', 'exec', toNs, process.execPath, '-e', SERVER, address, String(port)]);
  try {
    let out = '';
    server.stdout.setEncoding('utf8');
    const ready = new Promise<void>((resolve, reject) => {
      server.stdout.on('data', (d: string) => {
        out += d;
        if (out.includes('ready')) resolve();
      });
      server.once('exit', (code) => reject(new Error(`probe server in ${toNs} exited (${code}) before listening`)));
      server.once('error', reject);
    });
    await ready;
    try {
      const client = [process.execPath, '-e', CLIENT, address, String(port), String(timeoutMs)];
      const opts = { timeoutMs: timeoutMs + 5000 };
      await (fromNs === null ? run(client, opts) : execInNetns(fromNs, client, opts));
      return { reachable: true, detail: 'connected' };
    } catch (err) {
      return { reachable: false, detail: (err as { stderr?: string }).stderr || String(err) };
    }
  } finally {
    if (server.exitCode === null && server.pid !== undefined) {
      const exited = once(server, 'exit');
      process.kill(server.pid, 'SIGKILL');
      await exited;
    }
  }
}
