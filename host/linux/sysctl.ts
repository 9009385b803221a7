// Kernel switches under /proc/sys, written directly (no `sysctl` spawn).
import { readFile, writeFile } from 'node:fs/promises';
import { osFailure } from './exec';
import { validateIfName } from './names';

// Keys are built from fixed segments and validated interface names only, so
// a name can never walk out of /proc/sys.
function sysctlPath(segments: readonly string[]): string {
  for (const s of segments) {
    if (!/^[A-Za-z0-9_.-]+$/.test(s) || s === '.' || s === '..') throw new TypeError(`bad sysctl segment ${JSON.stringify(s)}`);
  }
  return '/proc/sys/' + segments.join('/');
}

export async function readSysctl(segments: readonly string[]): Promise<string> {
  const path = sysctlPath(segments);
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (err) {
    throw osFailure(`read ${path}`, err);
  }
}

/** Writes `value` unless it is already set (no write, no netlink event). */
export async function ensureSysctl(segments: readonly string[], value: string): Promise<void> {
  const path = sysctlPath(segments);
  try {
    if ((await readFile(path, 'utf8')).trim() === value) return;
    await writeFile(path, value);
  } catch (err) {
    throw osFailure(`set ${path} to ${value}`, err);
  }
}

/**
 * Turns on routing between interfaces, as Docker's bridge driver does.
 * IPv6 forwarding is only turned on when asked: with `all/forwarding=1` the
 * kernel stops accepting router advertisements on interfaces whose accept_ra
 * is 1, which can drop the host's own SLAAC default route.
 */
export async function ensureForwarding(opts: { ipv4?: boolean; ipv6?: boolean } = { ipv4: true }): Promise<void> {
  if (opts.ipv4 ?? true) await ensureSysctl(['net', 'ipv4', 'ip_forward'], '1');
  if (opts.ipv6) await ensureSysctl(['net', 'ipv6', 'conf', 'all', 'forwarding'], '1');
}

/** Enables IPv6 on one interface (it may be disabled by default on the host). */
export async function enableIpv6(ifname: string): Promise<void> {
  validateIfName(ifname);
  await ensureSysctl(['net', 'ipv6', 'conf', ifname, 'disable_ipv6'], '0');
}
