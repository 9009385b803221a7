// Plugin.Activate: tells Docker which interfaces this socket implements.
import type { FastifyPluginAsync } from 'fastify';
import { EmptyRequest } from '../protocol/common';
import { ActivateResponse, type PluginInterface } from '../protocol/plugin';
import { dockerMethod } from './docker-method';

export interface PluginActivateOptions {
  implements: readonly PluginInterface[];
}

export const pluginActivateRoutes: FastifyPluginAsync<PluginActivateOptions> = async (app, opts) => {
  const reply: ActivateResponse = { Implements: [...opts.implements] };
  dockerMethod(app, 'Plugin.Activate', { body: EmptyRequest, response: ActivateResponse }, async () => reply);
};
