// `wasmdriver status`: what a running daemon holds, read from its admin
// socket: networks, endpoints, pools, volumes and loaded policies.
import type { Command } from 'commander';
import { adminRequest } from '../admin/admin-client';
import type { StatusReport } from '../admin/status-report';
import { ENV } from '../config/resolve';
import { defaultDaemonConfig } from '../daemon/services';
import { renderTable, shortId } from './table';

interface StatusOptions {
  adminSocket?: string;
  json?: boolean;
  trunc: boolean;
}

function percent(taken: number, capacity: number): string {
  return capacity > 0 ? `${((100 * taken) / capacity).toFixed(1)}%` : '-';
}

function bytes(n: number | null): string {
  if (n === null) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)}${units[unit]}`;
}

const dash = (s: string) => (s === '' ? '-' : s);

export function renderStatus(report: StatusReport, truncate: boolean): string {
  const t = (id: string) => shortId(id, truncate);
  const sections = [
    renderTable(
      ['NETWORK ID', 'BRIDGE', 'SUBNETS', 'GATEWAYS', 'ENDPOINTS', 'POLICY', 'TENANT'],
      report.networks.map((n) => [t(n.id), n.bridge, n.subnets.join(',') || '-', n.gateways.join(',') || '-', String(n.endpoints), n.policy, dash(n.tenant)]),
    ),
    renderTable(
      ['ENDPOINT ID', 'NETWORK ID', 'ADDRESS', 'IPV6 ADDRESS', 'HOST INTERFACE', 'CONTAINER INTERFACE'],
      report.endpoints.map((e) => [t(e.endpoint), t(e.network), dash(e.address), dash(e.addressIPv6), dash(e.hostInterface), dash(e.containerInterface)]),
    ),
    renderTable(
      ['POOL ID', 'CIDR', 'SUB-POOL', 'TAKEN', 'CAPACITY', 'FILL', 'POLICY', 'TENANT'],
      report.pools.map((p) => [p.poolId, p.cidr, dash(p.subPool), String(p.taken), String(p.capacity), percent(p.taken, p.capacity), p.policy, dash(p.tenant)]),
    ),
    renderTable(
      ['VOLUME NAME', 'ACTIVE MOUNTS', 'SIZE', 'POLICY', 'TENANT'],
      report.volumes.map((v) => [v.name, String(v.mounts), bytes(v.sizeBytes), v.policy, dash(v.tenant)]),
    ),
    renderTable(
      ['POLICY', 'SHA256', 'MODE', 'CALLS', 'SOURCE'],
      // "isolated": the policy runs in worker threads (configured, or after it outran its budget).
      report.policies.map((p) => [p.name, t(p.sha256), p.isolated ? `${p.mode}, isolated` : p.mode, String(p.calls), p.builtin ? `built-in (${p.source})` : p.source]),
    ),
  ];
  return sections.join('\n');
}

export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description("show what the running daemon holds: networks, endpoints, pools, volumes, policies")
    .option('--admin-socket <path>', `admin socket of the daemon (default ${defaultDaemonConfig().adminSocket}; env ${ENV.adminSocket})`)
    .option('--json', 'print the status as JSON')
    .option('--no-trunc', 'do not shorten IDs and digests')
    .action(async (opts: StatusOptions) => {
      const socket = opts.adminSocket ?? (process.env[ENV.adminSocket] || defaultDaemonConfig().adminSocket);
      const body = await adminRequest(socket, 'GET', '/status');
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(JSON.parse(body), null, 2)}\n`);
        return;
      }
      process.stdout.write(renderStatus(JSON.parse(body) as StatusReport, opts.trunc));
    });
}
