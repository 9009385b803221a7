// What `wasmdriver status` shows, read from the state store and the policy
// runtime at the moment of the request. Plain data: the admin API sends it
// as JSON and the CLI renders it.
import type { StateStore } from '../state/store';
import type { PolicyStatus } from '../policy/runtime';
import { parsePool } from '../drivers/ipam/pool';
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
  containerInterface: string;
  mac: string;
}

export interface PoolStatus extends PoolFill {
  subPool: string;
  policy: string;
  tenant: string;
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
  policies: PolicyStatus[];
}

/** One string field of each of Docker's IPAMData entries. */
function fieldOf(ipamData: unknown[], key: 'Pool' | 'Gateway'): string[] {
  return ipamData.flatMap((d) => {
    const value = typeof d === 'object' && d !== null ? (d as Record<string, unknown>)[key] : undefined;
    return typeof value === 'string' && value !== '' ? [value] : [];
  });
}

export function poolFill(store: StateStore): PoolStatus[] {
  return store.ipamPools.list().map((p) => {
    let capacity = 0;
    try {
      capacity = Number(parsePool(p.cidr).capacity);
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
      capacity,
    };
  });
}

export function statusReport(store: StateStore, policies: PolicyStatus[]): StatusReport {
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
      containerInterface: e.srcName ?? '',
      mac: e.mac ?? '',
    })),
    pools: poolFill(store),
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
