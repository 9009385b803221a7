// VolumeDriver.*: each method hands its validated body to the driver.
import type { FastifyPluginAsync } from 'fastify';
import { EmptyRequest, EmptyResponse } from '../protocol/common';
import type { VolumeDriver } from '../protocol/drivers';
import * as api from '../protocol/volume-driver';
import { dockerMethod } from './docker-method';

export interface VolumeDriverRoutesOptions {
  driver: VolumeDriver;
}

export const volumeDriverRoutes: FastifyPluginAsync<VolumeDriverRoutesOptions> = async (app, { driver }) => {
  const byName = api.VolumeNameRequest;
  const byMount = api.VolumeMountRequest;

  dockerMethod(app, 'VolumeDriver.Create', { body: api.VolumeCreateRequest, response: EmptyResponse }, (req) => driver.create(req));
  dockerMethod(app, 'VolumeDriver.Remove', { body: byName, response: EmptyResponse }, (req) => driver.remove(req));
  dockerMethod(app, 'VolumeDriver.Mount', { body: byMount, response: api.VolumeMountResponse }, (req) => driver.mount(req));
  dockerMethod(app, 'VolumeDriver.Unmount', { body: byMount, response: EmptyResponse }, (req) => driver.unmount(req));
  dockerMethod(app, 'VolumeDriver.Path', { body: byName, response: api.VolumePathResponse }, (req) => driver.path(req));
  dockerMethod(app, 'VolumeDriver.Get', { body: byName, response: api.VolumeGetResponse }, (req) => driver.get(req));
  dockerMethod(app, 'VolumeDriver.List', { body: EmptyRequest, response: api.VolumeListResponse }, (req) => driver.list(req));
  dockerMethod(app, 'VolumeDriver.Capabilities', { body: EmptyRequest, response: api.VolumeCapabilitiesResponse }, (req) =>
    driver.capabilities(req),
  );
};
