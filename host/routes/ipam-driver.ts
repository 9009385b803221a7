// IpamDriver.*: each method hands its validated body to the driver.
import type { FastifyPluginAsync } from 'fastify';
import { EmptyRequest, EmptyResponse } from '../protocol/common';
import type { IpamDriver } from '../protocol/drivers';
import * as api from '../protocol/ipam-driver';
import { dockerMethod } from './docker-method';

export interface IpamDriverRoutesOptions {
  driver: IpamDriver;
}

export const ipamDriverRoutes: FastifyPluginAsync<IpamDriverRoutesOptions> = async (app, { driver }) => {
  dockerMethod(app, 'IpamDriver.GetCapabilities', { body: EmptyRequest, response: api.IpamCapabilitiesResponse }, (req) =>
    driver.getCapabilities(req),
  );
  dockerMethod(
    app,
    'IpamDriver.GetDefaultAddressSpaces',
    { body: EmptyRequest, response: api.DefaultAddressSpacesResponse },
    (req) => driver.getDefaultAddressSpaces(req),
  );
  dockerMethod(app, 'IpamDriver.RequestPool', { body: api.RequestPoolRequest, response: api.RequestPoolResponse }, (req) =>
    driver.requestPool(req),
  );
  dockerMethod(app, 'IpamDriver.ReleasePool', { body: api.ReleasePoolRequest, response: EmptyResponse }, (req) =>
    driver.releasePool(req),
  );
  dockerMethod(app, 'IpamDriver.RequestAddress', { body: api.RequestAddressRequest, response: api.RequestAddressResponse }, (req) =>
    driver.requestAddress(req),
  );
  dockerMethod(app, 'IpamDriver.ReleaseAddress', { body: api.ReleaseAddressRequest, response: EmptyResponse }, (req) =>
    driver.releaseAddress(req),
  );
};
