// A pool is a CIDR plus the contiguous run of host indexes inside it that may
// be handed out. Indexes are BigInt offsets from the network address so one
// code path serves a /30 and an IPv6 /64 alike.
import { invalid } from '../../errors';
import { FAMILY_BITS, formatAddress, tryParseAddress, type IpFamily, type ParsedAddress } from './pool-address';

export type { IpFamily } from './pool-address';

export interface Pool {
  /** Canonical CIDR text, e.g. "10.1.0.0/16" or "fd00::/64". */
  readonly cidr: string;
  readonly family: IpFamily;
  readonly prefixLength: number;
  /** Number of addresses in the CIDR, including unusable ones. */
  readonly size: bigint;
  /** Index range [firstUsable, lastUsable] that may be allocated. */
  readonly firstUsable: bigint;
  readonly lastUsable: bigint;
  /** lastUsable - firstUsable + 1. */
  readonly capacity: bigint;
  /** True when `address` is inside the CIDR (usable or not) and of the same family. */
  contains(address: string): boolean;
  /** Index of an address inside the CIDR, or undefined when outside or not an address. */
  indexOf(address: string): bigint | undefined;
  /** Index of an address that may be allocated; throws `invalid` saying why not. */
  usableIndexOf(address: string): bigint;
  /** Canonical address text at an index inside the CIDR. */
  addressAt(index: bigint): string;
}

/** Smallest usable host range: a gateway plus one endpoint. */
const MIN_CAPACITY = 2n;

export function parsePool(cidr: string): Pool {
  const { family, network, prefixLength } = parseNetwork(cidr, 'pool');
  const size = 1n << BigInt(FAMILY_BITS[family] - prefixLength);
  // IPv4 loses the network and broadcast addresses; IPv6 has no broadcast but
  // Docker keeps the all-zero host part (subnet-router anycast) out too.
  const firstUsable = 1n;
  const lastUsable = family === 4 ? size - 2n : size - 1n;
  const capacity = lastUsable - firstUsable + 1n;
  const canonical = `${formatAddress(family, network)}/${prefixLength}`;
  if (capacity < MIN_CAPACITY) {
    const largest = family === 4 ? 30 : 126;
    throw invalid(
      `pool ${canonical} is too small: it must hold a gateway and at least one more address, so use a prefix of /${largest} or shorter`,
    );
  }
  return new CidrPool(canonical, family, network, prefixLength, size, firstUsable, lastUsable);
}

/**
 * A sub-pool (Docker's --ip-range) narrows where addresses are picked when the
 * request names none; the pool's own exclusions still apply, but the
 * sub-pool's first and last addresses are ordinary addresses (as in Docker).
 */
export interface SubPool {
  readonly cidr: string;
  /** Usable index range of the pool that the sub-pool covers. */
  readonly first: bigint;
  readonly last: bigint;
  readonly firstAddress: string;
  readonly lastAddress: string;
}

export function parseSubPool(pool: Pool, subCidr: string): SubPool {
  const sub = parseNetwork(subCidr, 'sub-pool');
  const canonical = `${formatAddress(sub.family, sub.network)}/${sub.prefixLength}`;
  const start = sub.family === pool.family ? pool.indexOf(formatAddress(sub.family, sub.network)) : undefined;
  if (start === undefined || sub.prefixLength < pool.prefixLength) {
    throw invalid(`sub-pool ${canonical} is not inside pool ${pool.cidr}`);
  }
  const end = start + (1n << BigInt(FAMILY_BITS[sub.family] - sub.prefixLength)) - 1n;
  const first = start > pool.firstUsable ? start : pool.firstUsable;
  const last = end < pool.lastUsable ? end : pool.lastUsable;
  if (first > last) {
    throw invalid(`sub-pool ${canonical} holds no usable address of pool ${pool.cidr}`);
  }
  return { cidr: canonical, first, last, firstAddress: pool.addressAt(first), lastAddress: pool.addressAt(last) };
}

function parseNetwork(text: string, what: string): { family: IpFamily; network: bigint; prefixLength: number } {
  const slash = typeof text === 'string' ? text.indexOf('/') : -1;
  const addr = slash > 0 ? tryParseAddress(text.slice(0, slash)) : undefined;
  const prefixText = slash > 0 ? text.slice(slash + 1) : '';
  const prefixLength = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!addr || !(prefixLength <= FAMILY_BITS[addr.family])) {
    throw invalid(`${what} "${text}" is not a CIDR such as 10.1.0.0/16 or fd00:1::/64`);
  }
  const hostBits = BigInt(FAMILY_BITS[addr.family] - prefixLength);
  const network = (addr.value >> hostBits) << hostBits;
  if (network !== addr.value) {
    throw invalid(`${what} "${text}" has host bits set; it should be ${formatAddress(addr.family, network)}/${prefixLength}`);
  }
  return { family: addr.family, network, prefixLength };
}

class CidrPool implements Pool {
  constructor(
    readonly cidr: string,
    readonly family: IpFamily,
    private readonly network: bigint,
    readonly prefixLength: number,
    readonly size: bigint,
    readonly firstUsable: bigint,
    readonly lastUsable: bigint,
  ) {}

  get capacity(): bigint {
    return this.lastUsable - this.firstUsable + 1n;
  }

  contains(address: string): boolean {
    return this.indexOf(address) !== undefined;
  }

  indexOf(address: string): bigint | undefined {
    const parsed = tryParseAddress(address);
    return parsed && this.#indexOfParsed(parsed);
  }

  usableIndexOf(address: string): bigint {
    const parsed = tryParseAddress(address);
    if (!parsed) throw invalid(`"${address}" is not an IPv${this.family} address`);
    const index = this.#indexOfParsed(parsed);
    if (index === undefined) throw invalid(`address ${address} is outside pool ${this.cidr}`);
    if (index === 0n) {
      const what = this.family === 4 ? 'the network address' : 'the subnet-router anycast address';
      throw invalid(`address ${address} is ${what} of pool ${this.cidr} and cannot be allocated`);
    }
    if (index > this.lastUsable) {
      throw invalid(`address ${address} is the broadcast address of pool ${this.cidr} and cannot be allocated`);
    }
    return index;
  }

  #indexOfParsed(parsed: ParsedAddress): bigint | undefined {
    if (parsed.family !== this.family) return undefined;
    const index = parsed.value - this.network;
    return index >= 0n && index < this.size ? index : undefined;
  }

  addressAt(index: bigint): string {
    if (index < 0n || index >= this.size) throw invalid(`index ${index} is outside pool ${this.cidr}`);
    return formatAddress(this.family, this.network + index);
  }
}
