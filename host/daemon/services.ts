// Everything the plugin sockets serve from: state, policies and drivers,
// opened in dependency order and closed in reverse.
import type { Logger } from '../logging';
import type { IpamDriver, NetworkDriver, VolumeDriver } from '../protocol/drivers';
import { createPendingDrivers } from '../drivers/pending';

export interface DaemonConfig {
  socketDir: string;
  stateDir: string;
  policyDir: string;
}

export function defaultDaemonConfig(): DaemonConfig {
  return {
    socketDir: '/run/docker/plugins',
    stateDir: '/var/lib/wasmdriver',
    policyDir: '/etc/wasmdriver/policies',
  };
}

export interface Services {
  drivers: { network: NetworkDriver; ipam: IpamDriver; volume: VolumeDriver };
  close(): Promise<void>;
}

export async function openServices(_config: DaemonConfig, _logger: Logger): Promise<Services> {
  return { drivers: createPendingDrivers(), close: async () => {} };
}
