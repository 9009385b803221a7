// Builds the daemon's configuration from its four sources, first wins:
// command-line flags, WASMDRIVER_* environment variables, the configuration
// file, built-in defaults. Maps (policies, tenants, pools) only come from
// the file; flags and variables cover the scalars an operator overrides.
import { existsSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { invalid } from '../errors';
import { defaultDaemonConfig, type DaemonConfig } from '../daemon/services';
import { DEFAULT_CONFIG_FILE, loadConfigFile } from './config-file';
import { parseLoopbackListen } from './listen-address';
import { LOG_LEVELS, type ConfigFile, type LogLevel } from './schema';

/** What `serve` accepts on its command line; undefined = not given. */
export interface ServeFlags {
  config?: string;
  socketDir?: string;
  stateDir?: string;
  policyDir?: string;
  adminSocket?: string;
  metricsListen?: string;
  logLevel?: string;
  recordInputs?: boolean;
  budgetMs?: string;
  dockerHost?: string;
}

export interface Settings {
  daemon: DaemonConfig;
  logLevel: LogLevel;
  /** The file that was read, if any. */
  configFile: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

export const ENV = {
  config: 'WASMDRIVER_CONFIG',
  socketDir: 'WASMDRIVER_SOCKET_DIR',
  stateDir: 'WASMDRIVER_STATE_DIR',
  policyDir: 'WASMDRIVER_POLICY_DIR',
  adminSocket: 'WASMDRIVER_ADMIN_SOCKET',
  metricsListen: 'WASMDRIVER_METRICS_LISTEN',
  logLevel: 'WASMDRIVER_LOG_LEVEL',
  recordInputs: 'WASMDRIVER_RECORD_INPUTS',
  budgetMs: 'WASMDRIVER_BUDGET_MS',
  dockerHost: 'WASMDRIVER_DOCKER_HOST',
} as const;

const FLAG = {
  socketDir: '--socket-dir',
  stateDir: '--state-dir',
  policyDir: '--policy-dir',
  adminSocket: '--admin-socket',
  metricsListen: '--metrics-listen',
  logLevel: '--log-level',
  budgetMs: '--budget-ms',
  dockerHost: '--docker-host',
} as const;

interface Picked<T> { value: T; from: string }

/** The first source that sets `key`, with the name of that source for error messages. */
function pick(key: keyof typeof FLAG, flags: ServeFlags, env: Env, file: ConfigFile): Picked<string> | undefined {
  const flag = flags[key];
  if (flag !== undefined) return { value: flag, from: FLAG[key] };
  const fromEnv = env[ENV[key]];
  if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, from: ENV[key] };
  const fromFile = file[key];
  if (fromFile !== undefined) return { value: String(fromFile), from: `${key} (configuration file)` };
  return undefined;
}

function path(p: Picked<string> | undefined, fallback: string): string {
  // Relative paths on the command line or in the environment mean "from here"; the file's were already
  // resolved against the file's directory when it was loaded.
  return p === undefined ? fallback : resolvePath(p.value);
}

function logLevel(p: Picked<string> | undefined): LogLevel {
  if (p === undefined) return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(p.value)) throw invalid(`${p.from}: "${p.value}" is not one of ${LOG_LEVELS.join(', ')}`);
  return p.value as LogLevel;
}

function budget(p: Picked<string> | undefined, fallback: number): number {
  if (p === undefined) return fallback;
  const n = Number(p.value);
  if (!Number.isInteger(n) || n < 1 || n > 60_000) throw invalid(`${p.from}: "${p.value}" is not a whole number of milliseconds between 1 and 60000`);
  return n;
}

function dockerHost(p: Picked<string> | undefined, fallback: string): string {
  if (p === undefined) return fallback;
  if (!/^unix:\/\/\/./.test(p.value)) throw invalid(`${p.from}: "${p.value}" is not a local engine socket such as unix:///var/run/docker.sock`);
  return p.value;
}

function recordInputs(flags: ServeFlags, env: Env, file: ConfigFile): boolean {
  if (flags.recordInputs !== undefined) return flags.recordInputs;
  const raw = env[ENV.recordInputs];
  if (raw !== undefined && raw !== '') {
    if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
    throw invalid(`${ENV.recordInputs}: "${raw}" is not a boolean (use true or false)`);
  }
  return file.recordInputs ?? false;
}

/** --config, then WASMDRIVER_CONFIG (both must exist), then the default file if it exists. */
export function configFilePath(flags: ServeFlags, env: Env, defaultFile = DEFAULT_CONFIG_FILE): string | undefined {
  const named = flags.config ?? (env[ENV.config] || undefined);
  if (named !== undefined) {
    if (!existsSync(named)) throw invalid(`${flags.config !== undefined ? '--config' : ENV.config}: ${named} does not exist`);
    return resolvePath(named);
  }
  return existsSync(defaultFile) ? defaultFile : undefined;
}

export function resolveSettings(flags: ServeFlags, env: Env = process.env, defaultFile = DEFAULT_CONFIG_FILE): Settings {
  const configFile = configFilePath(flags, env, defaultFile);
  const file: ConfigFile = configFile === undefined ? {} : loadConfigFile(configFile);
  const defaults = defaultDaemonConfig();
  const listen = pick('metricsListen', flags, env, file);
  const policies = file.policies ?? {};
  const daemon: DaemonConfig = {
    ...defaults,
    socketDir: path(pick('socketDir', flags, env, file), defaults.socketDir),
    stateDir: path(pick('stateDir', flags, env, file), defaults.stateDir),
    policyDir: path(pick('policyDir', flags, env, file), defaults.policyDir),
    adminSocket: path(pick('adminSocket', flags, env, file), defaults.adminSocket),
    metricsListen: listen === undefined || listen.value === '' ? undefined : parseListen(listen),
    budgetMs: budget(pick('budgetMs', flags, env, file), defaults.budgetMs),
    recordInputs: recordInputs(flags, env, file),
    dockerHost: dockerHost(pick('dockerHost', flags, env, file), defaults.dockerHost),
    pins: Object.fromEntries(Object.entries(policies).flatMap(([name, p]) => (p.sha256 ? [[name, p.sha256.toLowerCase()]] : []))),
    policies: Object.fromEntries(
      Object.entries(policies).map(([name, p]) => [
        name,
        { ...(p.mode ? { mode: p.mode } : {}), ...(p.budgetMs ? { budgetMs: p.budgetMs } : {}), ...(p.isolate !== undefined ? { isolate: p.isolate } : {}) },
      ]),
    ),
    tenantDefaults: Object.fromEntries(Object.entries(file.tenants ?? {}).map(([tenant, t]) => [tenant, t.policy])),
    defaultAddressPools: file.defaultAddressPools ?? defaults.defaultAddressPools,
  };
  return { daemon, logLevel: logLevel(pick('logLevel', flags, env, file)), configFile };
}

function parseListen(p: Picked<string>) {
  try {
    return parseLoopbackListen(p.value, p.from);
  } catch (err) {
    throw invalid((err as Error).message);
  }
}
