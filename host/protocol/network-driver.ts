// Wire format of the libnetwork remote network driver (`POST /NetworkDriver.*`).
// Facts from moby daemon/libnetwork/drivers/remote/api and driverapi/ipamdata.go.
import { Type, type Static } from '@sinclair/typebox';
import { AnyMap, Id, Scope, StringMap } from './common';

export const NetworkCapabilitiesResponse = Type.Object({
  Scope,
  /** Defaults to Scope when absent. */
  ConnectivityScope: Type.Optional(Scope),
});
export type NetworkCapabilitiesResponse = Static<typeof NetworkCapabilitiesResponse>;

/** One address pool of a network, as chosen by IPAM. */
export const IpamData = Type.Object({
  AddressSpace: Type.String({ default: '' }),
  /** CIDR, e.g. "172.18.0.0/16". */
  Pool: Type.String(),
  /** CIDR form, not a plain IP: "172.18.0.1/16". Absent when the network has no gateway. */
  Gateway: Type.Optional(Type.String()),
  /** Name -> CIDR-form address reserved with --aux-address. */
  AuxAddresses: StringMap({ default: {} }),
});
export type IpamData = Static<typeof IpamData>;

/**
 * CreateNetwork options. Docker also sends other keys; they pass through
 * untyped. Absent booleans mean what an engine that omits them means: engines
 * before 28.0 never sent enable_ipv4 and always enabled IPv4.
 */
export const CreateNetworkOptions = Type.Object(
  {
    /** The `-o` driver options plus the daemon's default-network-opts. */
    'com.docker.network.generic': StringMap({ default: {} }),
    'com.docker.network.enable_ipv4': Type.Boolean({ default: true }),
    'com.docker.network.enable_ipv6': Type.Boolean({ default: false }),
    'com.docker.network.internal': Type.Boolean({ default: false }),
  },
  { default: {} },
);
export type CreateNetworkOptions = Static<typeof CreateNetworkOptions>;

export const CreateNetworkRequest = Type.Object({
  NetworkID: Id(),
  Options: CreateNetworkOptions,
  IPv4Data: Type.Array(IpamData, { default: [] }),
  IPv6Data: Type.Array(IpamData, { default: [] }),
});
export type CreateNetworkRequest = Static<typeof CreateNetworkRequest>;

/** DeleteNetwork and FreeNetwork. */
export const NetworkRequest = Type.Object({ NetworkID: Id() });
export type NetworkRequest = Static<typeof NetworkRequest>;

/** DeleteEndpoint, EndpointOperInfo, Leave and RevokeExternalConnectivity. */
export const EndpointRequest = Type.Object({ NetworkID: Id(), EndpointID: Id() });
export type EndpointRequest = Static<typeof EndpointRequest>;

/** What Docker already decided about the endpoint; "" means "driver may choose". */
export const EndpointInterface = Type.Object(
  {
    /** CIDR, e.g. "172.18.0.2/16", or "". */
    Address: Type.String({ default: '' }),
    /** CIDR or "". */
    AddressIPv6: Type.String({ default: '' }),
    MacAddress: Type.String({ default: '' }),
  },
  { default: {} },
);
export type EndpointInterface = Static<typeof EndpointInterface>;

export const CreateEndpointRequest = Type.Object({
  NetworkID: Id(),
  EndpointID: Id(),
  Interface: EndpointInterface,
  /** Endpoint --driver-opt keys, com.docker.network.endpoint.*, portmap... */
  Options: AnyMap({ default: {} }),
});
export type CreateEndpointRequest = Static<typeof CreateEndpointRequest>;

/**
 * The driver may fill only fields that were "" in the request; Docker fails
 * the endpoint ("driver modified interface") if it changes one it had set.
 */
export const CreateEndpointResponse = Type.Object({
  Interface: Type.Optional(
    Type.Object({
      Address: Type.Optional(Type.String()),
      AddressIPv6: Type.Optional(Type.String()),
      MacAddress: Type.Optional(Type.String()),
    }),
  ),
});
export type CreateEndpointResponse = Static<typeof CreateEndpointResponse>;

export const EndpointOperInfoResponse = Type.Object({
  /** Shown by `docker network inspect`. */
  Value: AnyMap(),
});
export type EndpointOperInfoResponse = Static<typeof EndpointOperInfoResponse>;

export const JoinRequest = Type.Object({
  NetworkID: Id(),
  EndpointID: Id(),
  /** Path of the container's network namespace. */
  SandboxKey: Id(),
  Options: AnyMap({ default: {} }),
});
export type JoinRequest = Static<typeof JoinRequest>;

/** 0 = via NextHop, 1 = directly connected. */
export const RouteType = Type.Union([Type.Literal(0), Type.Literal(1)]);
export type RouteType = Static<typeof RouteType>;

export const StaticRoute = Type.Object({
  /** CIDR. */
  Destination: Type.String(),
  RouteType,
  /** Plain IP; used when RouteType is 0. */
  NextHop: Type.Optional(Type.String()),
});
export type StaticRoute = Static<typeof StaticRoute>;

export const JoinResponse = Type.Object({
  /**
   * Docker moves SrcName into the sandbox and renames it DstPrefix + index.
   * (A DstName is ignored by Docker, so it is not part of the schema.)
   */
  InterfaceName: Type.Optional(Type.Object({ SrcName: Type.String(), DstPrefix: Type.String() })),
  /** Plain IPs, unlike CreateNetwork's CIDR gateways. */
  Gateway: Type.Optional(Type.String()),
  GatewayIPv6: Type.Optional(Type.String()),
  StaticRoutes: Type.Optional(Type.Array(StaticRoute)),
  DisableGatewayService: Type.Optional(Type.Boolean()),
});
export type JoinResponse = Static<typeof JoinResponse>;

export const ProgramExternalConnectivityRequest = Type.Object({
  NetworkID: Id(),
  EndpointID: Id(),
  /** The Join options. */
  Options: AnyMap({ default: {} }),
});
export type ProgramExternalConnectivityRequest = Static<typeof ProgramExternalConnectivityRequest>;

/** DiscoverNew and DiscoverDelete; Docker forwards only node discovery (type 1). */
export const DiscoveryNotification = Type.Object({
  DiscoveryType: Type.Integer(),
  DiscoveryData: Type.Optional(Type.Unknown()),
});
export type DiscoveryNotification = Static<typeof DiscoveryNotification>;

/** Sent by a swarm manager to global-scope drivers only. */
export const AllocateNetworkRequest = Type.Object({
  NetworkID: Id(),
  Options: StringMap({ default: {} }),
  IPv4Data: Type.Array(IpamData, { default: [] }),
  IPv6Data: Type.Array(IpamData, { default: [] }),
});
export type AllocateNetworkRequest = Static<typeof AllocateNetworkRequest>;

export const AllocateNetworkResponse = Type.Object({
  /** Handed back to the workers in CreateNetwork. */
  Options: Type.Optional(StringMap()),
});
export type AllocateNetworkResponse = Static<typeof AllocateNetworkResponse>;
