// The configuration file's shape. Keys are camelCase like the flags they
// mirror (--socket-dir -> socketDir); unknown keys are errors, because a
// misspelt key silently falling back to a default is the worst outcome.
import { Type, type Static } from '@sinclair/typebox';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const oneOf = <T extends string>(values: readonly T[], description: string) =>
  Type.Union(values.map((v) => Type.Literal(v)), { description });

const Path = (description: string) => Type.String({ minLength: 1, description });
const Budget = Type.Integer({ minimum: 1, maximum: 60_000, description: 'wall-clock budget of one policy call, in milliseconds' });

export const PolicyEntrySchema = Type.Object(
  {
    sha256: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{64}$', description: 'refuse NAME.wasm unless its sha256 is this (64 hex digits)' })),
    mode: Type.Optional(oneOf(['enforce', 'monitor'], 'monitor: log the decision, act on the built-in default')),
    budgetMs: Type.Optional(Budget),
    isolate: Type.Optional(Type.Boolean({ description: 'run this policy in worker threads from the start, not only after an overrun' })),
  },
  { additionalProperties: false },
);

export const TenantEntrySchema = Type.Object(
  { policy: Type.String({ minLength: 1, description: 'policy used when a request of this tenant names none' }) },
  { additionalProperties: false },
);

export const ConfigFileSchema = Type.Object(
  {
    socketDir: Type.Optional(Path('where the plugin sockets are created')),
    stateDir: Type.Optional(Path('where the state database lives')),
    policyDir: Type.Optional(Path('where NAME.wasm operator policies are loaded from')),
    adminSocket: Type.Optional(Path('Unix socket for `wasmdriver status` and GET /metrics (root only)')),
    metricsListen: Type.Optional(Type.String({ description: 'loopback HOST:PORT to also serve /metrics on' })),
    logLevel: Type.Optional(oneOf(LOG_LEVELS, 'daemon log level')),
    recordInputs: Type.Optional(Type.Boolean({ description: 'log full decision inputs (needed by `policy replay`)' })),
    budgetMs: Type.Optional(Budget),
    dockerHost: Type.Optional(Type.String({ pattern: '^unix:///.', description: 'dockerd socket asked which volumes are in use, to release stale mounts' })),
    defaultAddressPools: Type.Optional(
      Type.Array(
        Type.Object(
          { base: Type.String({ description: 'CIDR to carve networks from' }), size: Type.Integer({ description: 'prefix length of each network' }) },
          { additionalProperties: false },
        ),
      ),
    ),
    policies: Type.Optional(Type.Record(Type.String(), PolicyEntrySchema)),
    tenants: Type.Optional(Type.Record(Type.String(), TenantEntrySchema)),
  },
  { additionalProperties: false },
);

export type ConfigFile = Static<typeof ConfigFileSchema>;
