// What a guest may ask the host about during one call. The host builds a
// scope per decision from the request being decided, so host functions can
// only ever see the pool, network and tenant that request is about.
export interface PoolQueries {
  isFree(address: string): boolean;
  nextFree(after?: string): string | null;
  takenCount(): number;
}

export interface TenantVolumeUsage {
  count: number;
  bytes: number;
}

export interface CallScope {
  pool?: PoolQueries;
  tenantVolumes?: TenantVolumeUsage;
}
