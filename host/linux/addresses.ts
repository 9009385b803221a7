// Address and CIDR checks for everything that reaches `ip addr` or iptables,
// and the one strict address parser the rest of the daemon (IPAM pools too)
// builds on. Parsing is strict: dotted-quad without leading zeros only for
// IPv4 (ipaddr.js alone also accepts "10.1", "010.0.0.1" or hex forms, which
// `ip`, inet_pton and Docker read differently or refuse), no zone ids.
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

/** An address as ipaddr.js holds it (bytes, parts, kind). */
export type ParsedIp = ipaddr.IPv4 | ipaddr.IPv6;

// Dotted decimal without leading zeros; octet range is checked by ipaddr.js.
const FOUR_PART_DECIMAL = /^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/;

/**
 * Parses plain address text (no prefix, no zone); undefined when it is not
 * one. Shape checks come first: ipaddr.js reports bad text by throwing, which
 * costs far more than the parse itself on the IPAM hot path.
 */
export function tryParseIp(text: unknown): ParsedIp | undefined {
  if (typeof text !== 'string') return undefined;
  if (FOUR_PART_DECIMAL.test(text)) return ipaddr.IPv4.isValid(text) ? ipaddr.IPv4.parse(text) : undefined;
  if (!text.includes(':') || text.includes('%') || !ipaddr.IPv6.isValid(text)) return undefined;
  return ipaddr.IPv6.parse(text);
}

/** Canonical text: dotted quad for IPv4, RFC 5952 for IPv6. */
export function formatIp(a: ParsedIp): string {
  return a.kind() === 'ipv6' ? (a as ipaddr.IPv6).toRFC5952String() : a.toString();
}

/** Parses an IP address; throws `invalid` naming the role. */
export function parseIp(text: unknown, role = 'address'): IpAddress {
  const a = tryParseIp(text);
  if (!a) throw invalid(`invalid ${role} ${JSON.stringify(text)}: not an IPv4 or IPv6 address`);
  return { address: formatIp(a), family: a.kind() === 'ipv4' ? 4 : 6 };
}

/** Parses `address/prefix` (host bits may be set, as in a gateway `10.0.0.1/24`). */
export function parseCidr(text: unknown, role = 'CIDR'): Cidr {
  const bad = (why: string) => invalid(`invalid ${role} ${JSON.stringify(text)}: ${why}`);
  if (typeof text !== 'string') throw bad('not a string');
  const slash = text.indexOf('/');
  if (slash < 0) throw bad('missing "/prefix"');
  const a = tryParseIp(text.slice(0, slash));
  if (!a) throw bad('not an IPv4 or IPv6 address');
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) throw bad('prefix is not a number');
  const prefix = Number(prefixText);
  const family: Family = a.kind() === 'ipv4' ? 4 : 6;
  if (prefix > (family === 4 ? 32 : 128)) throw bad(`prefix ${prefix} is out of range for IPv${family}`);
  const address = formatIp(a);
  return { address, prefix, family, text: `${address}/${prefix}` };
}

/** The network of a CIDR with host bits cleared (`10.0.0.1/24` -> `10.0.0.0/24`). */
export function networkOf(cidr: Cidr | string): Cidr {
  const c = typeof cidr === 'string' ? parseCidr(cidr) : cidr;
  const net =
    c.family === 4 ? ipaddr.IPv4.networkAddressFromCIDR(c.text) : ipaddr.IPv6.networkAddressFromCIDR(c.text);
  const address = formatIp(net);
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
