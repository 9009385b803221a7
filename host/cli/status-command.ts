// `wasmdriver status`: what a running daemon holds, read from its admin
// socket: networks, endpoints, pools, volumes and loaded policies.
import type { Command } from 'commander';
import { adminRequest } from '../admin/admin-client';
import type { PolicyReport, PoolStatus, StatusReport } from '../admin/status-report';
import { ENV } from '../config/resolve';
import { defaultDaemonConfig } from '../daemon/services';
import { renderTable, shortId } from './table';

interface StatusOptions {
  adminSocket?: string;
  json?: boolean;
  trunc: boolean;
}

/** taken / capacity with one decimal, in exact integer arithmetic: capacities reach 2^64 and beyond. */
function percent(taken: number, capacity: string): string {
  const cap = BigInt(capacity);
  if (cap <= 0n) return '-';
  const tenths = (BigInt(taken) * 1000n + cap / 2n) / cap;
  return `${tenths / 10n}.${tenths % 10n}%`;
}

/** The pool's capacity, and the sub-pool's, where addresses are picked unless a request names one. */
function capacity(p: PoolStatus): string {
  return p.subPoolCapacity === null ? p.capacity : `${p.capacity} (${p.subPoolCapacity} in sub-pool)`;
}

function policySource(p: PolicyReport): string {
  const source = p.builtin ? `built-in (${p.source})` : p.source;
  return p.notLoadedOnDisk ? `${source} [previous version serving]` : source;
}

/** Below the policy table: what a "[previous version serving]" means for each policy it marks. */
function policyNotes(policies: PolicyReport[], truncate: boolean): string {
  return policies
    .flatMap((p) => {
      if (!p.notLoadedOnDisk) return [];
      const loaded = shortId(p.sha256, truncate);
      const onDisk = p.notLoadedOnDisk.sha256 === null
        ? `${p.source} is gone`
        : `${p.source} now holds sha256 ${shortId(p.notLoadedOnDisk.sha256, truncate)}, which is not loaded`;
      return [`${p.name}: the loaded version (sha256 ${loaded}) is still serving; ${onDisk} (a reload failed, or has not run yet: see the daemon log)\n`];
    })
    .join('');
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
      // dockerd names the container's interface DstPrefix + a number it picks and does not report: "eth*".
      ['ENDPOINT ID', 'NETWORK ID', 'ADDRESS', 'IPV6 ADDRESS', 'HOST INTERFACE', 'CONTAINER INTERFACE'],
      report.endpoints.map((e) => [t(e.endpoint), t(e.network), dash(e.address), dash(e.addressIPv6), dash(e.hostInterface), `${e.containerInterfacePrefix}*`]),
    ),
    renderTable(
      ['POOL ID', 'CIDR', 'SUB-POOL', 'TAKEN', 'CAPACITY', 'FILL', 'POLICY', 'TENANT'],
      report.pools.map((p) => [p.poolId, p.cidr, dash(p.subPool), String(p.taken), capacity(p), percent(p.taken, p.capacity), p.policy, dash(p.tenant)]),
    ),
    renderTable(
      ['VOLUME NAME', 'ACTIVE MOUNTS', 'SIZE', 'POLICY', 'TENANT'],
      report.volumes.map((v) => [v.name, String(v.mounts), bytes(v.sizeBytes), v.policy, dash(v.tenant)]),
    ),
    renderTable(
      ['POLICY', 'SHA256', 'MODE', 'CALLS', 'SOURCE'],
      // "isolated": the policy runs in worker threads (configured, or after it outran its budget).
      report.policies.map((p) => [p.name, t(p.sha256), p.isolated ? `${p.mode}, isolated` : p.mode, String(p.calls), policySource(p)]),
    ) + policyNotes(report.policies, truncate),
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
