// Times every Docker plugin call and classifies failures, from hooks on the
// plugin's Fastify instance, so the routes themselves stay unaware of metrics.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { WasmdriverError } from '../errors';
import type { DaemonMetrics } from './daemon-metrics';

/** An ErrorKind for driver failures; "request" when Docker's request was unreadable; "internal" otherwise. */
export function errorClass(err: unknown): string {
  if (err instanceof WasmdriverError) return err.kind;
  const e = (typeof err === 'object' && err !== null ? err : {}) as { validation?: unknown; statusCode?: unknown };
  if (e.validation !== undefined) return 'request';
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return 'request';
  return 'internal';
}

export function instrumentPluginApp(app: FastifyInstance, plugin: string, metrics: DaemonMetrics): void {
  const classes = new WeakMap<FastifyRequest, string>();
  app.addHook('onError', async (request, _reply, error) => {
    classes.set(request, errorClass(error));
  });
  app.addHook('onResponse', async (request, reply) => {
    // Unknown URLs share one label: a label per probed path would grow without bound.
    const endpoint = request.routeOptions.url?.replace(/^\//, '') ?? 'unknown';
    const failed = reply.statusCode >= 400;
    metrics.observeRequest({
      plugin,
      endpoint,
      statusCode: reply.statusCode,
      seconds: reply.elapsedTime / 1000,
      ...(failed ? { errorClass: classes.get(request) ?? 'request' } : {}),
    });
  });
}
