// Address and CIDR checks for everything that reaches `ip addr` or iptables.
// Parsing is strict: dotted-quad only for IPv4 (ipaddr.js alone also accepts
// "10.1" or hex forms, which `ip` would read differently), no zone ids.
import ipaddr from 'ipaddr.js';
import { invalid } from '../errors';

export type Family = 4 | 6;

export interface IpAddress {
  /** Canonical text (RFC 5952 for IPv6). */
  address: string;
  family: Family;
}

export interface Cidr extends IpAddress {
  prefix: number;
  /** `address/prefix`, canonical. */
  text: string;
}

function parseAddr(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (!text.includes('%') && ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text);
  return undefined;
}

function canonical(a: ipaddr.IPv4 | ipaddr.IPv6): string {
  return a.kind() === 'ipv6' ? (a as ipaddr.IPv6).toRFC5952String() : a.toString();
}

/** Parses an IP address; throws `invalid` naming the role. */
export function parseIp(text: unknown, role = 'address'): IpAddress {
  const a = typeof text === 'string' ? parseAddr(text) : undefined;
  if (!a) throw invalid(`invalid ${role} ${JSON.stringify(text)}: not an IPv4 or IPv6 address`);
  return { address: canonical(a), family: a.kind() === 'ipv4' ? 4 : 6 };
}

/** Parses `address/prefix` (host bits may be set, as in a gateway `10.0.0.1/24`). */
export function parseCidr(text: unknown, role = 'CIDR'): Cidr {
  const bad = (why: string) => invalid(`invalid ${role} ${JSON.stringify(text)}: ${why}`);
  if (typeof text !== 'string') throw bad('not a string');
  const slash = text.indexOf('/');
  if (slash < 0) throw bad('missing "/prefix"');
  const a = parseAddr(text.slice(0, slash));
  if (!a) throw bad('not an IPv4 or IPv6 address');
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) throw bad('prefix is not a number');
  const prefix = Number(prefixText);
  const family: Family = a.kind() === 'ipv4' ? 4 : 6;
  if (prefix > (family === 4 ? 32 : 128)) throw bad(`prefix ${prefix} is out of range for IPv${family}`);
  const address = canonical(a);
  return { address, prefix, family, text: `${address}/${prefix}` };
}

/** The network of a CIDR with host bits cleared (`10.0.0.1/24` -> `10.0.0.0/24`). */
export function networkOf(cidr: Cidr | string): Cidr {
  const c = typeof cidr === 'string' ? parseCidr(cidr) : cidr;
  const net =
    c.family === 4 ? ipaddr.IPv4.networkAddressFromCIDR(c.text) : ipaddr.IPv6.networkAddressFromCIDR(c.text);
  const address = canonical(net);
  return { address, prefix: c.prefix, family: c.family, text: `${address}/${c.prefix}` };
}

/** True when `ip` lies inside `cidr` (same family only). */
export function cidrContains(cidr: Cidr | string, ip: IpAddress | string): boolean {
  const c = typeof cidr === 'string' ? parseCidr(cidr) : cidr;
  const i = typeof ip === 'string' ? parseIp(ip) : ip;
  if (c.family !== i.family) return false;
  return ipaddr.parse(i.address).match(ipaddr.parse(c.address), c.prefix);
}

/** True when the two networks share at least one address. */
export function cidrsOverlap(a: Cidr | string, b: Cidr | string): boolean {
  const x = typeof a === 'string' ? parseCidr(a) : a;
  const y = typeof b === 'string' ? parseCidr(b) : b;
  if (x.family !== y.family) return false;
  const shorter = x.prefix <= y.prefix ? x : y;
  const longer = shorter === x ? y : x;
  return cidrContains(shorter, longer);
}
