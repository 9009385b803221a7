// What `wasmdriver status` shows, read from the state store and the policy
// runtime at the moment of the request. Plain data: the admin API sends it
// as JSON and the CLI renders it.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { StateStore } from '../state/store';
import type { PolicyStatus } from '../policy/runtime';
import { parsePool, parseSubPool } from '../drivers/ipam/pool';
import type { PoolFill } from '../metrics/daemon-metrics';

export interface NetworkStatus {
  id: string;
  bridge: string;
  subnets: string[];
  /** Gateway addresses (CIDR) as the IPAM driver assigned them. */
  gateways: string[];
  policy: string;
  tenant: string;
  internal: boolean;
  endpoints: number;
}

export interface EndpointStatus {
  network: string;
  endpoint: string;
  address: string;
  addressIPv6: string;
  hostInterface: string;
  /**
   * The DstPrefix given to dockerd at Join (e.g. "eth"): dockerd moves the
   * container end of the veth pair into the container and names it this
   * prefix plus a number of its choosing, which it does not tell the plugin.
   */
  containerInterfacePrefix: string;
  mac: string;
}

export interface PoolStatus {
  poolId: string;
  cidr: string;
  subPool: string;
  policy: string;
  tenant: string;
  /** Addresses handed out, the gateway included. */
  taken: number;
  /**
   * Addresses the pool may hand out, as a decimal string: an IPv6 /64 holds
   * 2^64 - 1, more than a JSON number carries exactly. "0" when the row cannot be parsed.
   */
  capacity: string;
  /** With a sub-pool (--ip-range): the addresses of it that may be handed out, where addresses are picked unless a request names one. */
  subPoolCapacity: string | null;
}

export interface PolicyReport extends PolicyStatus {
  /**
   * Set when the file the loaded version came from no longer holds it: the
   * loaded version keeps serving because a reload failed (or has not run
   * yet). sha256 of the file now on disk, or null when it is gone.
   */
  notLoadedOnDisk?: { sha256: string | null };
}

export interface VolumeStatus {
  name: string;
  policy: string;
  tenant: string;
  sizeBytes: number | null;
  mounts: number;
  dataPath: string;
}

export interface StatusReport {
  networks: NetworkStatus[];
  endpoints: EndpointStatus[];
  pools: PoolStatus[];
  volumes: VolumeStatus[];
  policies: PolicyReport[];
}

/** One string field of each of Docker's IPAMData entries. */
function fieldOf(ipamData: unknown[], key: 'Pool' | 'Gateway'): string[] {
  return ipamData.flatMap((d) => {
    const value = typeof d === 'object' && d !== null ? (d as Record<string, unknown>)[key] : undefined;
    return typeof value === 'string' && value !== '' ? [value] : [];
  });
}

export function poolStatus(store: StateStore): PoolStatus[] {
  return store.ipamPools.list().map((p) => {
    let capacity = 0n;
    let subPoolCapacity: bigint | null = null;
    try {
      const pool = parsePool(p.cidr);
      capacity = pool.capacity;
      if (p.subPool) {
        const sub = parseSubPool(pool, p.subPool);
        subPoolCapacity = sub.last - sub.first + 1n;
      }
    } catch {
      // A row the daemon could not parse is reported with no capacity rather than hiding the others.
    }
    return {
      poolId: p.poolId,
      cidr: p.cidr,
      subPool: p.subPool ?? '',
      policy: p.policy,
      tenant: p.tenant ?? '',
      taken: store.ipamAllocations.countByPool(p.poolId),
      capacity: capacity.toString(),
      subPoolCapacity: subPoolCapacity === null ? null : subPoolCapacity.toString(),
    };
  });
}

/** Pool fill for the Prometheus gauges, whose values are floating point anyway. */
export function poolFill(store: StateStore): PoolFill[] {
  return poolStatus(store).map((p) => ({ poolId: p.poolId, cidr: p.cidr, taken: p.taken, capacity: Number(p.capacity) }));
}

/**
 * Marks each operator policy whose file on disk is not the version loaded
 * from it. The runtime keeps the previous version serving when a reload
 * fails but does not report the failure itself (only the daemon log does),
 * so this compares the file with the loaded sha256.
 */
export async function withDiskState(policies: PolicyStatus[]): Promise<PolicyReport[]> {
  return Promise.all(
    policies.map(async (p): Promise<PolicyReport> => {
      if (p.builtin) return p;
      let sha256: string | null;
      try {
        sha256 = createHash('sha256').update(await readFile(p.source)).digest('hex');
      } catch {
        sha256 = null;
      }
      return sha256 === p.sha256 ? p : { ...p, notLoadedOnDisk: { sha256 } };
    }),
  );
}

export function statusReport(store: StateStore, policies: PolicyReport[]): StatusReport {
  const endpoints = store.endpoints.list();
  return {
    networks: store.networks.list().map((n) => ({
      id: n.networkId,
      bridge: n.bridgeName,
      subnets: [...fieldOf(n.ipv4Data, 'Pool'), ...fieldOf(n.ipv6Data, 'Pool')],
      gateways: [...fieldOf(n.ipv4Data, 'Gateway'), ...fieldOf(n.ipv6Data, 'Gateway')],
      policy: n.policy,
      tenant: n.tenant ?? '',
      internal: n.internal,
      endpoints: endpoints.filter((e) => e.networkId === n.networkId).length,
    })),
    endpoints: endpoints.map((e) => ({
      network: e.networkId,
      endpoint: e.endpointId,
      address: e.ipv4Cidr ?? '',
      addressIPv6: e.ipv6Cidr ?? '',
      hostInterface: e.hostIfname ?? '',
      containerInterfacePrefix: e.dstPrefix ?? 'eth',
      mac: e.mac ?? '',
    })),
    pools: poolStatus(store),
    volumes: store.volumes.list().map((v) => ({
      name: v.name,
      policy: v.policy,
      tenant: v.tenant ?? '',
      sizeBytes: v.sizeBytes,
      mounts: store.volumeMounts.count(v.name),
      dataPath: v.dataPath,
    })),
    policies,
  };
}
