// Drivers that answer discovery and capability questions but refuse every
// operation, so dockerd reports a clear error instead of hanging.
import { systemFailure } from '../errors';
import type { IpamDriver, NetworkDriver, VolumeDriver } from '../protocol/drivers';

function refuse(api: string, method: string): never {
  throw systemFailure(`${api}.${method} is not available in this wasmdriver build`);
}

export function createPendingDrivers(): { network: NetworkDriver; ipam: IpamDriver; volume: VolumeDriver } {
  const network: NetworkDriver = {
    getCapabilities: async () => ({ Scope: 'local', ConnectivityScope: 'local' }),
    createNetwork: async () => refuse('NetworkDriver', 'CreateNetwork'),
    deleteNetwork: async () => {},
    createEndpoint: async () => refuse('NetworkDriver', 'CreateEndpoint'),
    endpointOperInfo: async () => ({ Value: {} }),
    deleteEndpoint: async () => {},
    join: async () => refuse('NetworkDriver', 'Join'),
    leave: async () => {},
    discoverNew: async () => {},
    discoverDelete: async () => {},
    programExternalConnectivity: async () => {},
    revokeExternalConnectivity: async () => {},
    allocateNetwork: async () => refuse('NetworkDriver', 'AllocateNetwork'),
    freeNetwork: async () => {},
  };
  const ipam: IpamDriver = {
    getCapabilities: async () => ({ RequiresMACAddress: false, RequiresRequestReplay: false }),
    getDefaultAddressSpaces: async () => ({ LocalDefaultAddressSpace: 'wasmnet-local', GlobalDefaultAddressSpace: 'wasmnet-global' }),
    requestPool: async () => refuse('IpamDriver', 'RequestPool'),
    releasePool: async () => {},
    requestAddress: async () => refuse('IpamDriver', 'RequestAddress'),
    releaseAddress: async () => {},
  };
  const volume: VolumeDriver = {
    create: async () => refuse('VolumeDriver', 'Create'),
    remove: async () => {},
    mount: async () => refuse('VolumeDriver', 'Mount'),
    unmount: async () => {},
    path: async () => refuse('VolumeDriver', 'Path'),
    get: async () => refuse('VolumeDriver', 'Get'),
    list: async () => ({ Volumes: [] }),
    capabilities: async () => ({ Capabilities: { Scope: 'local' } }),
  };
  return { network, ipam, volume };
}
