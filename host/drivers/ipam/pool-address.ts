// Address text <-> integer for one family. Parsing is strict on purpose:
// ipaddr.js alone accepts "10.1" or "010.0.0.1", which inet_pton and Docker
// do not, so such text would name a different address than the operator meant.
import ipaddr from 'ipaddr.js';
import { invalid } from '../../errors';

export type IpFamily = 4 | 6;

export const FAMILY_BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

export interface ParsedAddress {
  readonly family: IpFamily;
  readonly value: bigint;
}

// Dotted decimal without leading zeros; octet range is checked by ipaddr.js.
const FOUR_PART_DECIMAL = /^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/;

/** Parses plain address text (no prefix, no zone); undefined when it is not one. */
export function tryParseAddress(text: string): ParsedAddress | undefined {
  if (typeof text !== 'string') return undefined;
  // Shape checks first: ipaddr.js reports bad text by throwing, which costs
  // far more than the parse itself on this hot path.
  if (FOUR_PART_DECIMAL.test(text)) {
    return ipaddr.IPv4.isValid(text) ? { family: 4, value: bytesToBigInt(ipaddr.IPv4.parse(text).toByteArray()) } : undefined;
  }
  if (!text.includes(':') || text.includes('%') || !ipaddr.IPv6.isValid(text)) return undefined;
  return { family: 6, value: partsToBigInt(ipaddr.IPv6.parse(text).parts) };
}

export function parseAddress(text: string): ParsedAddress {
  const parsed = tryParseAddress(text);
  if (!parsed) throw invalid(`"${text}" is not an IPv4 or IPv6 address`);
  return parsed;
}

/** Canonical text: dotted quad for IPv4, RFC 5952 for IPv6. */
export function formatAddress(family: IpFamily, value: bigint): string {
  const bytes = bigIntToBytes(value, family === 4 ? 4 : 16);
  const addr = ipaddr.fromByteArray(bytes);
  return addr.kind() === 'ipv6' ? (addr as ipaddr.IPv6).toRFC5952String() : addr.toString();
}

function bytesToBigInt(bytes: number[]): bigint {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return value;
}

function partsToBigInt(parts: number[]): bigint {
  let value = 0n;
  for (const part of parts) value = (value << 16n) | BigInt(part);
  return value;
}

function bigIntToBytes(value: bigint, length: number): number[] {
  const bytes = new Array<number>(length);
  for (let i = length - 1; i >= 0; i--) {
    bytes[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return bytes;
}
