// Everything the plugin sockets serve from: state, policies and drivers,
// opened in dependency order, reconciled with the kernel before the first
// request, and closed in reverse.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import type { Logger } from '../logging';
import type { IpamDriver, NetworkDriver } from '../protocol/drivers';
import { openStateStore, type StateStore } from '../state/store';
import { PolicyRuntime, defaultRuntimeConfig, type PolicySettings } from '../policy/runtime';
import type { PolicyObserver } from '../policy/observer';
import type { ListenAddress } from '../config/listen-address';
import { DEFAULT_LIMITS } from '../policy/limits';
import { createIpamDriver } from '../drivers/ipam/ipam-driver';
import { DEFAULT_ADDRESS_POOLS, validateAddressPools, type AddressPoolRange } from '../drivers/ipam/default-pools';
import { createNetworkDriver } from '../drivers/network/network-driver';
import { createNetworkLinux } from '../drivers/network/linux-port';
import { instanceTag } from '../linux/link-ownership';
import { ipSession } from '../linux/ip-session';
import { createVolumeDriver, type WasmvolDriver } from '../drivers/volume';

export interface DaemonConfig {
  socketDir: string;
  stateDir: string;
  /** Operator policies, NAME.wasm. */
  policyDir: string;
  /** Built-in policies shipped with wasmdriver (default.wasm and examples). */
  builtinPolicyDir: string;
  pins: Record<string, string>;
  tenantDefaults: Record<string, string>;
  policies: Record<string, PolicySettings>;
  budgetMs: number;
  recordInputs: boolean;
  defaultAddressPools: AddressPoolRange[];
  /** Where volume data lives; default <stateDir>/volumes. */
  volumeDataRoot?: string | undefined;
  /** Where in-use volumes are mounted for Docker; default volumeMountRootFor(stateDir). */
  volumeMountRoot?: string | undefined;
  /** dockerd's socket, asked (outside plugin requests) which volumes are in use. */
  dockerHost: string;
  /** Unix socket of the admin API (status, metrics); root only. */
  adminSocket: string;
  /** Loopback TCP address to also serve /metrics on. */
  metricsListen?: ListenAddress | undefined;
}

/** dist/policies next to the bundle (dist/wasmdriver.mjs), or the built one when running from source. */
export function builtinPolicyDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const candidates = [join(here, 'policies'), join(here, '../../dist/policies')];
  return candidates.find((dir) => existsSync(join(dir, 'default.wasm'))) ?? candidates[0]!;
}

const DEFAULT_STATE_DIR = '/var/lib/wasmdriver';
const MOUNT_ROOT = '/run/wasmdriver/mounts';

/**
 * Each state directory gets its own mount root, because reconciliation
 * unmounts whatever in its root the state does not explain: a daemon started
 * on another state directory must never see the default daemon's live
 * volume mounts as strays (nor the other way round).
 */
export function volumeMountRootFor(stateFile: string, stateDir: string): string {
  return resolve(stateDir) === DEFAULT_STATE_DIR ? MOUNT_ROOT : `${MOUNT_ROOT}-${instanceTag(stateFile)}`;
}

export function defaultDaemonConfig(): DaemonConfig {
  return {
    socketDir: '/run/docker/plugins',
    stateDir: DEFAULT_STATE_DIR,
    policyDir: '/etc/wasmdriver/policies',
    builtinPolicyDir: builtinPolicyDir(),
    pins: {},
    tenantDefaults: {},
    policies: {},
    budgetMs: DEFAULT_LIMITS.budgetMs,
    recordInputs: false,
    defaultAddressPools: [...DEFAULT_ADDRESS_POOLS],
    dockerHost: 'unix:///var/run/docker.sock',
    adminSocket: '/run/wasmdriver/admin.sock',
  };
}

export interface Services {
  drivers: { network: NetworkDriver; ipam: IpamDriver; volume: WasmvolDriver };
  store: StateStore;
  policy: PolicyRuntime;
  close(): Promise<void>;
}

export interface ServiceHooks {
  /** Told about every policy decision and reload (metrics). */
  policyObserver?: PolicyObserver;
}

export async function openServices(config: DaemonConfig, logger: Logger, hooks: ServiceHooks = {}): Promise<Services> {
  validateAddressPools(config.defaultAddressPools);
  const store = openStateStore(config.stateDir);
  let policy: PolicyRuntime | undefined;
  try {
    policy = await PolicyRuntime.open(
      {
        ...defaultRuntimeConfig({ builtinDir: config.builtinPolicyDir, policyDir: config.policyDir, pins: config.pins }),
        tenantDefaults: config.tenantDefaults,
        policies: config.policies,
        limits: { ...DEFAULT_LIMITS, budgetMs: config.budgetMs },
        recordInputs: config.recordInputs,
        ...(hooks.policyObserver ? { observer: hooks.policyObserver } : {}),
      },
      logger,
    );
    const ipam = createIpamDriver({ store, policy, defaultPools: config.defaultAddressPools, logger: logger.child({ driver: 'ipam' }) });
    const network = createNetworkDriver({ store, policy, linux: createNetworkLinux(instanceTag(store.file)), logger: logger.child({ driver: 'network' }) });
    const volume = createVolumeDriver({
      store, policy, dataRoot: config.volumeDataRoot ?? join(config.stateDir, 'volumes'), mountRoot: config.volumeMountRoot ?? volumeMountRootFor(store.file, config.stateDir), logger: logger.child({ driver: 'volume' }),
    });
    await volume.reconcile();
    await network.reconcile();
    const opened = policy;
    return {
      drivers: { network, ipam, volume },
      store,
      policy: opened,
      async close() {
        await opened.close();
        store.close();
        // The long-lived `ip -batch` child would otherwise outlive the daemon.
        ipSession.close();
      },
    };
  } catch (err) {
    await policy?.close();
    store.close();
    throw err;
  }
}
