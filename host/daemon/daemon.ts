// Brings the daemon up in the order dockerd needs: state first, sockets
// last, so the very first request (often a volume Get at dockerd start)
// is answered from persisted state.
import { chmod, mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../logging';
import { claimSocketPath } from './socket-guard';
import { openServices, type DaemonConfig, type Services } from './services';
import { buildNetworkPluginApp, buildVolumePluginApp } from '../routes';
import { buildAdminApp } from '../admin/admin-app';
import { poolFill } from '../admin/status-report';
import { DaemonMetrics } from '../metrics/daemon-metrics';
import { instrumentPluginApp } from '../metrics/request-metrics';
import { closeServer, listenForMetrics } from '../metrics/metrics-listener';
import { startStaleMountSweeper, type StaleMountSweeper } from './stale-mount-sweeper';
import { closableApp, type ClosableApp } from './app-shutdown';

export type { DaemonConfig };

export interface RunningDaemon {
  readonly sockets: { wasmnet: string; wasmvol: string; admin: string };
  readonly services: Services;
  readonly metrics: DaemonMetrics;
  readonly sweeper: StaleMountSweeper;
  close(): Promise<void>;
}

export async function startDaemon(config: DaemonConfig, logger: Logger): Promise<RunningDaemon> {
  await mkdir(config.socketDir, { recursive: true, mode: 0o755 });
  // Created up front so it can be watched: dropping NAME.wasm in loads it.
  await mkdir(config.policyDir, { recursive: true, mode: 0o755 });
  // The admin socket's directory holds nothing else; only root may enter.
  await mkdir(dirname(config.adminSocket), { recursive: true, mode: 0o700 });
  const sockets = {
    wasmnet: join(config.socketDir, 'wasmnet.sock'),
    wasmvol: join(config.socketDir, 'wasmvol.sock'),
    admin: config.adminSocket,
  };
  // Refuse before touching state: a second instance must not reconcile
  // kernel objects that the first one is using.
  for (const path of Object.values(sockets)) {
    const outcome = await claimSocketPath(path);
    if (outcome === 'replaced-stale') logger.warn({ socket: path }, 'replaced a stale socket left by an earlier crash');
  }

  // Pools are read through a late-bound reference: metrics exist before the store is open.
  let readPools = () => [] as ReturnType<typeof poolFill>;
  const metrics = new DaemonMetrics(() => readPools());
  const services = await openServices(config, logger, { policyObserver: metrics.policyObserver });
  readPools = () => poolFill(services.store);
  const sweeper = startStaleMountSweeper({ volume: services.drivers.volume, dockerHost: config.dockerHost, logger: logger.child({ component: 'sweeper' }) });
  const apps: ClosableApp[] = [];
  let metricsServer: Server | undefined;
  try {
    const netApp = buildNetworkPluginApp({ ...services.drivers, logger: logger.child({ plugin: 'wasmnet' }) });
    instrumentPluginApp(netApp, 'wasmnet', metrics);
    apps.push(closableApp(netApp));
    const volApp = buildVolumePluginApp({ volume: services.drivers.volume, logger: logger.child({ plugin: 'wasmvol' }) });
    instrumentPluginApp(volApp, 'wasmvol', metrics);
    apps.push(closableApp(volApp));
    const adminApp = buildAdminApp({ services, metrics, sweeper, logger: logger.child({ component: 'admin' }) });
    apps.push(closableApp(adminApp));
    await claimSocketPath(sockets.admin);
    await listenPrivately(adminApp, sockets.admin);
    if (config.metricsListen) metricsServer = await listenForMetrics(config.metricsListen, metrics);
    // Plugin sockets last: once dockerd can see them, everything they need is up.
    await listenPrivately(netApp, sockets.wasmnet);
    await listenPrivately(volApp, sockets.wasmvol);
  } catch (err) {
    sweeper.stop();
    if (metricsServer) await closeServer(metricsServer);
    await Promise.allSettled(apps.map((app) => app.close()));
    await services.close();
    throw err;
  }
  const metricsAt = config.metricsListen ? `${config.metricsListen.host}:${config.metricsListen.port}` : undefined;
  logger.info({ sockets, stateDir: config.stateDir, ...(metricsAt ? { metricsListen: metricsAt } : {}) }, 'wasmdriver is serving');

  let closing: Promise<void> | undefined;
  return {
    sockets,
    services,
    metrics,
    sweeper,
    close() {
      // Closing a listening Unix socket unlinks its path, so a clean exit
      // never leaves a stale socket for dockerd to stall on.
      closing ??= (async () => {
        sweeper.stop();
        if (metricsServer) await closeServer(metricsServer);
        await Promise.allSettled(apps.map((app) => app.close()));
        await services.close();
        logger.info('wasmdriver stopped');
      })();
      return closing;
    },
  };
}

async function listenPrivately(app: FastifyInstance, path: string): Promise<void> {
  await app.listen({ path });
  // dockerd runs as root; nobody else has business on a plugin or admin socket.
  await chmod(path, 0o600);
}
