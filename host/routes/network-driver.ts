// NetworkDriver.*: each method hands its validated body to the driver.
import type { FastifyPluginAsync } from 'fastify';
import { EmptyRequest, EmptyResponse } from '../protocol/common';
import type { NetworkDriver } from '../protocol/drivers';
import * as api from '../protocol/network-driver';
import { dockerMethod } from './docker-method';

export interface NetworkDriverRoutesOptions {
  driver: NetworkDriver;
}

export const networkDriverRoutes: FastifyPluginAsync<NetworkDriverRoutesOptions> = async (app, { driver }) => {
  const endpoint = { body: api.EndpointRequest, response: EmptyResponse };
  const network = { body: api.NetworkRequest, response: EmptyResponse };
  const discovery = { body: api.DiscoveryNotification, response: EmptyResponse };

  dockerMethod(app, 'NetworkDriver.GetCapabilities', { body: EmptyRequest, response: api.NetworkCapabilitiesResponse }, (req) =>
    driver.getCapabilities(req),
  );
  dockerMethod(app, 'NetworkDriver.CreateNetwork', { body: api.CreateNetworkRequest, response: EmptyResponse }, (req) =>
    driver.createNetwork(req),
  );
  dockerMethod(app, 'NetworkDriver.DeleteNetwork', network, (req) => driver.deleteNetwork(req));
  dockerMethod(app, 'NetworkDriver.CreateEndpoint', { body: api.CreateEndpointRequest, response: api.CreateEndpointResponse }, (req) =>
    driver.createEndpoint(req),
  );
  dockerMethod(app, 'NetworkDriver.EndpointOperInfo', { body: api.EndpointRequest, response: api.EndpointOperInfoResponse }, (req) =>
    driver.endpointOperInfo(req),
  );
  dockerMethod(app, 'NetworkDriver.DeleteEndpoint', endpoint, (req) => driver.deleteEndpoint(req));
  dockerMethod(app, 'NetworkDriver.Join', { body: api.JoinRequest, response: api.JoinResponse }, (req) => driver.join(req));
  dockerMethod(app, 'NetworkDriver.Leave', endpoint, (req) => driver.leave(req));
  dockerMethod(app, 'NetworkDriver.DiscoverNew', discovery, (req) => driver.discoverNew(req));
  dockerMethod(app, 'NetworkDriver.DiscoverDelete', discovery, (req) => driver.discoverDelete(req));
  dockerMethod(
    app,
    'NetworkDriver.ProgramExternalConnectivity',
    { body: api.ProgramExternalConnectivityRequest, response: EmptyResponse },
    (req) => driver.programExternalConnectivity(req),
  );
  dockerMethod(app, 'NetworkDriver.RevokeExternalConnectivity', endpoint, (req) => driver.revokeExternalConnectivity(req));
  dockerMethod(app, 'NetworkDriver.AllocateNetwork', { body: api.AllocateNetworkRequest, response: api.AllocateNetworkResponse }, (req) =>
    driver.allocateNetwork(req),
  );
  dockerMethod(app, 'NetworkDriver.FreeNetwork', network, (req) => driver.freeNetwork(req));
};
