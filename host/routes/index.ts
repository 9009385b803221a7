// The two plugin apps the daemon serves, one per socket. The caller listens
// (`app.listen({ path })`) and closes them.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { IpamDriver, NetworkDriver, VolumeDriver } from '../protocol/drivers';
import { ipamDriverRoutes } from './ipam-driver';
import { networkDriverRoutes } from './network-driver';
import { createPluginApp } from './plugin-app';
import { volumeDriverRoutes } from './volume-driver';

export { DEFAULT_BODY_LIMIT } from './plugin-app';

/** wasmnet.sock: `{"Implements":["NetworkDriver","IpamDriver"]}`. */
export function buildNetworkPluginApp(deps: {
  network: NetworkDriver;
  ipam: IpamDriver;
  logger: Logger;
  bodyLimit?: number;
}): FastifyInstance {
  const app = createPluginApp({ logger: deps.logger, bodyLimit: deps.bodyLimit, implements: ['NetworkDriver', 'IpamDriver'] });
  app.register(networkDriverRoutes, { driver: deps.network });
  app.register(ipamDriverRoutes, { driver: deps.ipam });
  return app;
}

/** wasmvol.sock: `{"Implements":["VolumeDriver"]}`. */
export function buildVolumePluginApp(deps: { volume: VolumeDriver; logger: Logger; bodyLimit?: number }): FastifyInstance {
  const app = createPluginApp({ logger: deps.logger, bodyLimit: deps.bodyLimit, implements: ['VolumeDriver'] });
  app.register(volumeDriverRoutes, { driver: deps.volume });
  return app;
}
