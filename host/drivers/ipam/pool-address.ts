// Address text <-> integer for one family, for pool arithmetic. Parsing and
// canonical text are host/linux/addresses' (one strict parser for the whole
// daemon); this module only converts to and from BigInt.
import ipaddr from 'ipaddr.js';
import { invalid } from '../../errors';
import { formatIp, tryParseIp } from '../../linux/addresses';

export type IpFamily = 4 | 6;

export const FAMILY_BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

export interface ParsedAddress {
  readonly family: IpFamily;
  readonly value: bigint;
}

/** Parses plain address text (no prefix, no zone); undefined when it is not one. */
export function tryParseAddress(text: string): ParsedAddress | undefined {
  const a = tryParseIp(text);
  if (!a) return undefined;
  return a.kind() === 'ipv4'
    ? { family: 4, value: bytesToBigInt(a.toByteArray()) }
    : { family: 6, value: partsToBigInt((a as ipaddr.IPv6).parts) };
}

export function parseAddress(text: string): ParsedAddress {
  const parsed = tryParseAddress(text);
  if (!parsed) throw invalid(`"${text}" is not an IPv4 or IPv6 address`);
  return parsed;
}

/** Canonical text: dotted quad for IPv4, RFC 5952 for IPv6. */
export function formatAddress(family: IpFamily, value: bigint): string {
  const bytes = bigIntToBytes(value, family === 4 ? 4 : 16);
  return formatIp(ipaddr.fromByteArray(bytes));
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
