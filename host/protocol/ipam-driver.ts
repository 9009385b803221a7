// Wire format of the libnetwork remote IPAM driver (`POST /IpamDriver.*`).
// Facts from moby daemon/libnetwork/ipams/remote/api and docs/ipam.md.
import { Type, type Static } from '@sinclair/typebox';
import { Id, StringMap } from './common';

export const IpamCapabilitiesResponse = Type.Object({
  /** Docker then sends Options["com.docker.network.endpoint.macaddress"]. */
  RequiresMACAddress: Type.Boolean(),
  /** Docker then replays pool and address requests at daemon start. */
  RequiresRequestReplay: Type.Boolean(),
});
export type IpamCapabilitiesResponse = Static<typeof IpamCapabilitiesResponse>;

export const DefaultAddressSpacesResponse = Type.Object({
  LocalDefaultAddressSpace: Type.String(),
  GlobalDefaultAddressSpace: Type.String(),
});
export type DefaultAddressSpacesResponse = Static<typeof DefaultAddressSpacesResponse>;

export const RequestPoolRequest = Type.Object({
  AddressSpace: Type.String({ default: '' }),
  /** CIDR asked for with --subnet, or "" for "choose one". */
  Pool: Type.String({ default: '' }),
  /** CIDR from --ip-range, or "". Non-empty with an empty Pool is invalid. */
  SubPool: Type.String({ default: '' }),
  /** --ipam-opt. */
  Options: StringMap({ default: {} }),
  V6: Type.Boolean({ default: false }),
});
export type RequestPoolRequest = Static<typeof RequestPoolRequest>;

export const RequestPoolResponse = Type.Object({
  PoolID: Id(),
  /** CIDR. */
  Pool: Type.String(),
  /** Data["com.docker.network.gateway"] (CIDR) supplies a gateway Docker will not request. */
  Data: Type.Optional(StringMap()),
});
export type RequestPoolResponse = Static<typeof RequestPoolResponse>;

export const ReleasePoolRequest = Type.Object({ PoolID: Id() });
export type ReleasePoolRequest = Static<typeof ReleasePoolRequest>;

export const RequestAddressRequest = Type.Object({
  PoolID: Id(),
  /** Plain IP, or "" for "any free address". */
  Address: Type.String({ default: '' }),
  /** Gateway requests carry RequestAddressType = "com.docker.network.gateway". */
  Options: StringMap({ default: {} }),
});
export type RequestAddressRequest = Static<typeof RequestAddressRequest>;

export const RequestAddressResponse = Type.Object({
  /** CIDR, e.g. "172.18.0.2/16"; Docker treats "" as an error. */
  Address: Type.String({ minLength: 1 }),
  Data: Type.Optional(StringMap()),
});
export type RequestAddressResponse = Static<typeof RequestAddressResponse>;

export const ReleaseAddressRequest = Type.Object({
  PoolID: Id(),
  /** Plain IP. */
  Address: Id(),
});
export type ReleaseAddressRequest = Static<typeof ReleaseAddressRequest>;
