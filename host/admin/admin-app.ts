// The admin API on a root-only Unix socket: what `wasmdriver status` reads,
// Prometheus' /metrics, and a reload trigger. Docker never talks to it.
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../logging';
import type { DaemonMetrics } from '../metrics/daemon-metrics';
import type { Services } from '../daemon/services';
import { statusReport, withDiskState } from './status-report';
import type { StaleMountSweeper } from '../daemon/stale-mount-sweeper';

export function buildAdminApp(deps: { services: Services; metrics: DaemonMetrics; sweeper: StaleMountSweeper; logger: Logger }): FastifyInstance {
  const loggerInstance: FastifyBaseLogger = deps.logger;
  const app = Fastify({ loggerInstance, disableRequestLogging: true });
  app.get('/status', async () => statusReport(deps.services.store, await withDiskState(deps.services.policy.status())));
  app.get('/metrics', async (_request, reply) => {
    reply.type(deps.metrics.contentType);
    return deps.metrics.render();
  });
  app.post<{ Querystring: { graceMs?: string } }>('/volumes/release-stale', async (request) => {
    const grace = request.query.graceMs;
    if (grace !== undefined && !/^\d{1,9}$/.test(grace)) throw new Error(`graceMs must be a whole number of milliseconds, not ${JSON.stringify(grace)}`);
    return deps.sweeper.sweepNow(grace === undefined ? undefined : Number(grace));
  });
  app.post('/reload', async () => {
    await deps.services.policy.reload('admin');
    return { policies: deps.services.policy.status() };
  });
  return app;
}
