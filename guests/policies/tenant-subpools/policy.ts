// Tenants share a network's address pool but never interleave: the usable
// addresses are cut into SLICES equal slices and each tenant takes its
// endpoint addresses from its own slice, chosen by a hash of the tenant
// name, so a tenant's containers are recognisable by address (handy for
// firewall rules and audits). The gateway stays the first free address, as
// in Docker. The host functions answer for the pool of this very request:
// which addresses are free is the daemon's knowledge, not the policy's.
//
// Automatic pools (no --subnet) spread tenants over the operator's default
// pools the same way.
import { hook, isAddressFree, nextFreeAddress } from 'wasmdriver/sdk';

const SLICES = 4;

/** FNV-1a, 32 bits: stable across builds and hosts, unlike any built-in. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const sliceOf = (tenant: string) => fnv1a(tenant) % SLICES;

function toInt(address: string): number {
  const parts = address.split('.').map(Number);
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

function toAddress(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** First and last usable address (as integers) of an IPv4 CIDR. */
function usableRange(cidr: string): [number, number] {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = toInt(base!);
  // /31 and /32 have no network or broadcast address to skip.
  return size <= 2 ? [start, start + size - 1] : [start + 1, start + size - 2];
}

export const selectPool = hook('selectPool', (input) => {
  if (input.requestedPool !== '') {
    return input.requestedSubPool !== '' ? { pool: input.requestedPool, subPool: input.requestedSubPool } : { pool: input.requestedPool };
  }
  if (input.defaultPools.length === 0) throw new Error('no --subnet given and no default address pool is configured');
  return { pool: input.defaultPools[fnv1a(input.tenant) % input.defaultPools.length]! };
});

export const assignAddress = hook('assignAddress', (input) => {
  if (input.requestedAddress !== '') return { address: input.requestedAddress };
  const lowest = () => {
    const address = nextFreeAddress();
    if (address === null) throw new Error(`address pool ${input.subPool || input.pool} is exhausted`);
    return { address };
  };
  // Gateways, and IPv6 pools (too large to need slicing), keep Docker's order.
  if (input.kind !== 'endpoint' || input.pool.includes(':')) return lowest();

  const [first, last] = usableRange(input.subPool || input.pool);
  const width = Math.floor((last - first + 1) / SLICES);
  if (width < 1) return lowest();
  const slice = sliceOf(input.tenant);
  const from = first + slice * width;
  const to = slice === SLICES - 1 ? last : from + width - 1;
  const start = toAddress(from);
  const found = isAddressFree(start) ? start : nextFreeAddress(start);
  if (found === null || toInt(found) > to) {
    throw new Error(`tenant "${input.tenant}" has used all of its addresses ${start}-${toAddress(to)} in pool ${input.subPool || input.pool}`);
  }
  return { address: found };
});
