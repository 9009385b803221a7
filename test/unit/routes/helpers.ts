// Fake drivers that record what the routes hand them, and apps built on them.
import type { TestContext } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { pino, type Level, type Logger } from 'pino';
import type { IpamDriver, NetworkDriver, VolumeDriver } from '../../../host/protocol/drivers';
import { buildNetworkPluginApp, buildVolumePluginApp } from '../../../host/routes/index';

export const DOCKER_CONTENT_TYPE = 'application/vnd.docker.plugins.v1.2+json';

export interface Call {
  method: string;
  req: unknown;
}

type Impl<T> = { [K in keyof T]?: T[K] };

/**
 * A driver whose every method records its argument and answers with `impl`'s
 * method when given, else with the canned reply of `replies`, else void.
 */
export function fakeDriver<T extends object>(replies: Record<string, unknown>, impl: Impl<T> = {}) {
  const calls: Call[] = [];
  const driver = new Proxy({} as T, {
    get(_target, prop) {
      if (typeof prop !== 'string') return undefined;
      return async (req: unknown) => {
        calls.push({ method: prop, req });
        const own = (impl as Record<string, ((r: unknown) => Promise<unknown>) | undefined>)[prop];
        if (own) return own(req);
        return replies[prop];
      };
    },
  });
  return { driver, calls };
}

export const networkReplies = {
  getCapabilities: { Scope: 'local', ConnectivityScope: 'local' },
  createEndpoint: {},
  endpointOperInfo: { Value: { bridge: 'wd-abc' } },
  join: {
    InterfaceName: { SrcName: 'wdv0123', DstPrefix: 'eth' },
    Gateway: '172.18.0.1',
    StaticRoutes: [{ Destination: '10.0.0.0/8', RouteType: 0, NextHop: '172.18.0.254' }],
    DisableGatewayService: false,
  },
  allocateNetwork: { Options: { a: 'b' } },
};

export const ipamReplies = {
  getCapabilities: { RequiresMACAddress: false, RequiresRequestReplay: true },
  getDefaultAddressSpaces: { LocalDefaultAddressSpace: 'local', GlobalDefaultAddressSpace: 'global' },
  requestPool: { PoolID: 'local/172.18.0.0/16', Pool: '172.18.0.0/16', Data: {} },
  requestAddress: { Address: '172.18.0.2/16' },
};

export const volumeReplies = {
  mount: { Mountpoint: '/var/lib/wasmdriver/volumes/v1' },
  path: { Mountpoint: '/var/lib/wasmdriver/volumes/v1' },
  get: { Volume: { Name: 'v1', Mountpoint: '/var/lib/wasmdriver/volumes/v1', CreatedAt: '2026-11-22T11:00:00Z', Status: { policy: 'default' } } },
  list: { Volumes: [{ Name: 'v1', Mountpoint: '/m/v1' }, { Name: 'v2' }] },
  capabilities: { Capabilities: { Scope: 'local' } },
};

/** A pino logger writing JSON lines into `lines`. */
export function capturingLogger(level: Level = 'debug'): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const logger = pino({ level }, { write: (s: string) => void chunks.push(s) });
  return {
    logger,
    lines: () => chunks.flatMap((c) => c.split('\n').filter(Boolean)).map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

export const silentLogger = (): Logger => pino({ level: 'silent' });

export async function networkApp(
  t: TestContext,
  opts: { network?: Impl<NetworkDriver>; ipam?: Impl<IpamDriver>; logger?: Logger; bodyLimit?: number } = {},
) {
  const network = fakeDriver<NetworkDriver>(networkReplies, opts.network);
  const ipam = fakeDriver<IpamDriver>(ipamReplies, opts.ipam);
  const app = buildNetworkPluginApp({
    network: network.driver,
    ipam: ipam.driver,
    logger: opts.logger ?? silentLogger(),
    bodyLimit: opts.bodyLimit,
  });
  t.after(() => app.close());
  await app.ready();
  return { app, network: network.calls, ipam: ipam.calls };
}

export async function volumeApp(t: TestContext, opts: { volume?: Impl<VolumeDriver>; logger?: Logger } = {}) {
  const volume = fakeDriver<VolumeDriver>(volumeReplies, opts.volume);
  const app = buildVolumePluginApp({ volume: volume.driver, logger: opts.logger ?? silentLogger() });
  t.after(() => app.close());
  await app.ready();
  return { app, volume: volume.calls };
}

/** POSTs like Docker does: JSON body under the vnd content type, or no body at all. */
export function call(
  app: FastifyInstance,
  method: string,
  body?: unknown,
  headers: Record<string, string> = { 'content-type': DOCKER_CONTENT_TYPE },
): Promise<LightMyRequestResponse> {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return app.inject({ method: 'POST', url: `/${method}`, headers: payload === undefined ? {} : headers, payload });
}
