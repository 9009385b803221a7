// Candidate pools for networks created without --subnet, carved from the
// operator's base ranges the way Docker's default-address-pools are.
import { invalid } from '../../errors';
import { cidrsOverlap } from '../../linux/addresses';
import { parsePool } from './pool';
import { formatAddress, parseAddress } from './pool-address';

export interface AddressPoolRange {
  /** Base range, e.g. "10.213.0.0/16". */
  base: string;
  /** Prefix length of each network carved from it, e.g. 24. */
  size: number;
}

export const DEFAULT_ADDRESS_POOLS: readonly AddressPoolRange[] = [
  { base: '10.213.0.0/16', size: 24 },
  { base: 'fd7a:6d6e:7400::/48', size: 64 },
];

export function validateAddressPools(ranges: readonly AddressPoolRange[]): void {
  for (const r of ranges) {
    const base = parsePool(r.base);
    const max = base.family === 4 ? 30 : 126;
    if (!Number.isInteger(r.size) || r.size < base.prefixLength || r.size > max) {
      throw invalid(`default address pool ${r.base}: size /${r.size} must lie between /${base.prefixLength} and /${max}`);
    }
  }
}

/** The first `limit` candidates of the family that overlap none of `used`. */
export function freeCandidates(ranges: readonly AddressPoolRange[], v6: boolean, used: readonly string[], limit = 32): string[] {
  const out: string[] = [];
  for (const r of ranges) {
    const base = parsePool(r.base);
    if ((base.family === 6) !== v6) continue;
    const bits = base.family === 4 ? 32 : 128;
    const step = 1n << BigInt(bits - r.size);
    const start = parseAddress(base.cidr.split('/')[0]!).value;
    const count = 1n << BigInt(r.size - base.prefixLength);
    for (let i = 0n; i < count && out.length < limit; i++) {
      const cidr = `${formatAddress(base.family, start + i * step)}/${r.size}`;
      if (!used.some((u) => cidrsOverlap(u, cidr))) out.push(cidr);
    }
    if (out.length >= limit) break;
  }
  return out;
}
