// Brings the daemon up in the order dockerd needs: state first, sockets
// last, so the very first request (often a volume Get at dockerd start)
// is answered from persisted state.
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../logging';
import { claimSocketPath } from './socket-guard';
import { openServices, type DaemonConfig, type Services } from './services';
import { buildNetworkPluginApp, buildVolumePluginApp } from '../routes';

export type { DaemonConfig };

export interface RunningDaemon {
  readonly sockets: { wasmnet: string; wasmvol: string };
  readonly services: Services;
  close(): Promise<void>;
}

export async function startDaemon(config: DaemonConfig, logger: Logger): Promise<RunningDaemon> {
  await mkdir(config.socketDir, { recursive: true, mode: 0o755 });
  const sockets = {
    wasmnet: join(config.socketDir, 'wasmnet.sock'),
    wasmvol: join(config.socketDir, 'wasmvol.sock'),
  };
  // Refuse before touching state: a second instance must not reconcile
  // kernel objects that the first one is using.
  for (const path of Object.values(sockets)) {
    const outcome = await claimSocketPath(path);
    if (outcome === 'replaced-stale') logger.warn({ socket: path }, 'replaced a stale socket left by an earlier crash');
  }

  const services = await openServices(config, logger);
  const apps: FastifyInstance[] = [];
  try {
    const netApp = buildNetworkPluginApp({ ...services.drivers, logger: logger.child({ plugin: 'wasmnet' }) });
    apps.push(netApp);
    const volApp = buildVolumePluginApp({ volume: services.drivers.volume, logger: logger.child({ plugin: 'wasmvol' }) });
    apps.push(volApp);
    await listenPrivately(netApp, sockets.wasmnet);
    await listenPrivately(volApp, sockets.wasmvol);
  } catch (err) {
    await Promise.allSettled(apps.map((app) => app.close()));
    await services.close();
    throw err;
  }
  logger.info({ sockets, stateDir: config.stateDir }, 'wasmdriver is serving');

  let closing: Promise<void> | undefined;
  return {
    sockets,
    services,
    close() {
      // Closing a listening Unix socket unlinks its path, so a clean exit
      // never leaves a stale socket for dockerd to stall on.
      closing ??= (async () => {
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
  // dockerd runs as root; nobody else has business on a plugin socket.
  await chmod(path, 0o600);
}
