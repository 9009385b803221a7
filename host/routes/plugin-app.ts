// The Fastify instance behind one plugin socket: Docker's JSON in, `{Err}`
// out, one debug line per call. The API plugins are registered on top.
import type { Logger } from 'pino';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { PluginInterface } from '../protocol/plugin';
import { callName, answerFailuresWithErr } from './error-reply';
import { acceptDockerJson } from './json-body';
import { pluginActivateRoutes } from './plugin-activate';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface PluginAppOptions {
  logger: Logger;
  implements: readonly PluginInterface[];
  bodyLimit?: number;
}

export function createPluginApp(opts: PluginAppOptions): FastifyInstance {
  const bodyLimit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;
  // Typed as Fastify's logger so the app is a plain FastifyInstance.
  const loggerInstance: FastifyBaseLogger = opts.logger;
  const app = Fastify({
    loggerInstance,
    // Fastify logs every request at info; Docker calls are routine, so one debug line instead.
    disableRequestLogging: true,
    bodyLimit,
    ajv: {
      // Docker's Go types are exact: a number where a string belongs is a bug, not something to coerce.
      // useDefaults fills in the schemas' Go zero values, which driver types rely on.
      customOptions: { coerceTypes: false, useDefaults: true, removeAdditional: false, allErrors: false },
    },
  });

  acceptDockerJson(app);
  answerFailuresWithErr(app, bodyLimit, opts.implements);
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      { call: callName(request), statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 },
      'docker plugin call',
    );
  });
  app.register(pluginActivateRoutes, { implements: opts.implements });
  return app;
}
