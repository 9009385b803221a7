// The contracts the routes call and the drivers implement: one method per
// Docker endpoint, taking the validated request (defaults already filled in)
// and resolving to the response. A driver fails by throwing a
// WasmdriverError (host/errors.ts); its message reaches the Docker user.
import type { EmptyRequest } from './common';
import type {
  DefaultAddressSpacesResponse,
  IpamCapabilitiesResponse,
  ReleaseAddressRequest,
  ReleasePoolRequest,
  RequestAddressRequest,
  RequestAddressResponse,
  RequestPoolRequest,
  RequestPoolResponse,
} from './ipam-driver';
import type {
  AllocateNetworkRequest,
  AllocateNetworkResponse,
  CreateEndpointRequest,
  CreateEndpointResponse,
  CreateNetworkRequest,
  DiscoveryNotification,
  EndpointOperInfoResponse,
  EndpointRequest,
  JoinRequest,
  JoinResponse,
  NetworkCapabilitiesResponse,
  NetworkRequest,
  ProgramExternalConnectivityRequest,
} from './network-driver';
import type {
  VolumeCapabilitiesResponse,
  VolumeCreateRequest,
  VolumeGetResponse,
  VolumeListResponse,
  VolumeMountRequest,
  VolumeMountResponse,
  VolumeNameRequest,
  VolumePathResponse,
} from './volume-driver';

/** `NetworkDriver.*`. Methods resolving to void answer `{}`. */
export interface NetworkDriver {
  getCapabilities(req: EmptyRequest): Promise<NetworkCapabilitiesResponse>;
  createNetwork(req: CreateNetworkRequest): Promise<void>;
  deleteNetwork(req: NetworkRequest): Promise<void>;
  createEndpoint(req: CreateEndpointRequest): Promise<CreateEndpointResponse>;
  endpointOperInfo(req: EndpointRequest): Promise<EndpointOperInfoResponse>;
  deleteEndpoint(req: EndpointRequest): Promise<void>;
  join(req: JoinRequest): Promise<JoinResponse>;
  leave(req: EndpointRequest): Promise<void>;
  discoverNew(req: DiscoveryNotification): Promise<void>;
  discoverDelete(req: DiscoveryNotification): Promise<void>;
  programExternalConnectivity(req: ProgramExternalConnectivityRequest): Promise<void>;
  revokeExternalConnectivity(req: EndpointRequest): Promise<void>;
  allocateNetwork(req: AllocateNetworkRequest): Promise<AllocateNetworkResponse>;
  freeNetwork(req: NetworkRequest): Promise<void>;
}

/** `IpamDriver.*`. */
export interface IpamDriver {
  getCapabilities(req: EmptyRequest): Promise<IpamCapabilitiesResponse>;
  getDefaultAddressSpaces(req: EmptyRequest): Promise<DefaultAddressSpacesResponse>;
  requestPool(req: RequestPoolRequest): Promise<RequestPoolResponse>;
  releasePool(req: ReleasePoolRequest): Promise<void>;
  requestAddress(req: RequestAddressRequest): Promise<RequestAddressResponse>;
  releaseAddress(req: ReleaseAddressRequest): Promise<void>;
}

/** `VolumeDriver.*`. */
export interface VolumeDriver {
  create(req: VolumeCreateRequest): Promise<void>;
  remove(req: VolumeNameRequest): Promise<void>;
  mount(req: VolumeMountRequest): Promise<VolumeMountResponse>;
  unmount(req: VolumeMountRequest): Promise<void>;
  path(req: VolumeNameRequest): Promise<VolumePathResponse>;
  get(req: VolumeNameRequest): Promise<VolumeGetResponse>;
  list(req: EmptyRequest): Promise<VolumeListResponse>;
  capabilities(req: EmptyRequest): Promise<VolumeCapabilitiesResponse>;
}
