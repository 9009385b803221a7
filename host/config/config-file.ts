// Reads and checks a configuration file (YAML, or JSON, which is YAML):
// syntax, then the schema, then what the schema cannot say (on every key
// the schema accepted, even when others failed it). Every problem is
// collected and names its key, so one `config check` run lists them all.
// Relative paths in the file are relative to the file's directory.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import { LineCounter, parseDocument } from 'yaml';
import { invalid } from '../errors';
import { isValidPolicyName, DEFAULT_POLICY } from '../policy/policy-catalog';
import { validateAddressPools, type AddressPoolRange } from '../drivers/ipam/default-pools';
import { parseLoopbackListen } from './listen-address';
import { ConfigFileSchema, type ConfigFile } from './schema';

export const DEFAULT_CONFIG_FILE = '/etc/wasmdriver/config.yaml';

/** `notes`: what could not be checked (not problems: the file may still be valid). */
export type CheckedConfig = { ok: true; config: ConfigFile; notes: string[] } | { ok: false; problems: string[] };

function keyOf(pointer: string): string {
  if (pointer === '') return '(top level)';
  return pointer.slice(1).split('/').map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~')).join('.');
}

function describe(error: ValueError): string {
  const key = keyOf(error.path);
  if (error.type === ValueErrorType.ObjectAdditionalProperties) {
    return `${key}: unknown key`;
  }
  const options = (error.schema.anyOf as { const?: unknown }[] | undefined)?.map((s) => s.const);
  if (options && options.every((o) => typeof o === 'string')) {
    return `${key}: ${JSON.stringify(error.value)} is not one of ${options.map((o) => JSON.stringify(o)).join(', ')}`;
  }
  if (error.type === ValueErrorType.StringPattern && key.endsWith('.sha256')) return `${key}: must be 64 hexadecimal digits`;
  return `${key}: ${error.message.charAt(0).toLowerCase()}${error.message.slice(1)}`;
}

/** JSON pointer of a key path, as TypeBox reports error paths. */
const pointer = (...keys: string[]) => keys.map((k) => `/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');

interface SchemaCheck {
  problems: string[];
  /** True when no schema error is at, above or below this pointer: its value has the schema's shape. */
  clean(at: string): boolean;
}

function schemaCheck(value: unknown): SchemaCheck {
  const seen = new Set<string>();
  const problems: string[] = [];
  const paths: string[] = [];
  for (const error of Value.Errors(ConfigFileSchema, value)) {
    paths.push(error.path);
    const line = describe(error);
    if (!seen.has(line)) {
      seen.add(line);
      problems.push(line);
    }
  }
  return {
    problems,
    clean: (at) => !paths.some((p) => p === at || p.startsWith(`${at}/`) || at.startsWith(`${p}/`)),
  };
}

/** The keys that name a file or directory. */
export const PATH_KEYS = ['socketDir', 'stateDir', 'policyDir', 'adminSocket'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where `config check` looks for the policies a tenant default may name. */
export interface PolicyCatalogDirs {
  /** The built-in policies shipped with wasmdriver (default.wasm, examples). */
  builtinDir: string;
  /** The operator's policy directory when the file sets no policyDir. */
  defaultPolicyDir: string;
}

export interface CheckOptions {
  /** Relative paths in the file are resolved against this directory (the file's own). */
  baseDir?: string;
  /** When given, a tenant default must name a built-in policy or a NAME.wasm in the policy directory. */
  catalog?: PolicyCatalogDirs;
}

/** Policy names a directory offers (NAME.wasm), or why it could not be listed. */
function policyNames(dir: string): { names: string[]; missing: boolean } | { error: string } {
  try {
    const names = readdirSync(dir)
      .filter((f) => f.endsWith('.wasm'))
      .map((f) => f.slice(0, -'.wasm'.length))
      .filter((n) => isValidPolicyName(n));
    return { names, missing: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { names: [], missing: true };
    return { error: (err as Error).message };
  }
}

/**
 * What the schema cannot say. Runs on the keys that passed the schema even
 * when others did not, so one run reports both kinds of problem.
 */
function meaningProblems(config: Record<string, unknown>, schema: SchemaCheck, opts: CheckOptions, notes: string[]): string[] {
  const out: string[] = [];
  const clean = (...keys: string[]) => schema.clean(pointer(...keys));
  if (clean('metricsListen') && typeof config.metricsListen === 'string') {
    try {
      parseLoopbackListen(config.metricsListen, 'metricsListen');
    } catch (err) {
      out.push((err as Error).message);
    }
  }
  const policies = isRecord(config.policies) ? config.policies : {};
  for (const [name, entry] of Object.entries(policies)) {
    if (!isValidPolicyName(name)) out.push(`policies.${name}: not a valid policy name ([a-z0-9][a-z0-9_.-]*, at most 63 characters; the file is NAME.wasm)`);
    if (name === DEFAULT_POLICY && isRecord(entry) && entry.sha256 !== undefined) {
      out.push(`policies.${name}.sha256: the built-in default policy cannot be pinned; it ships with wasmdriver`);
    }
  }
  const tenants = isRecord(config.tenants) ? config.tenants : {};
  const tenantPolicies: [tenant: string, policy: string][] = [];
  for (const [tenant, entry] of Object.entries(tenants)) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(tenant)) out.push(`tenants.${tenant}: a tenant is 1-64 letters, digits, "_", "." or "-"`);
    if (!clean('tenants', tenant, 'policy') || !isRecord(entry) || typeof entry.policy !== 'string') continue;
    if (!isValidPolicyName(entry.policy)) out.push(`tenants.${tenant}.policy: "${entry.policy}" is not a valid policy name`);
    else tenantPolicies.push([tenant, entry.policy]);
  }
  if (opts.catalog && tenantPolicies.length > 0) {
    const policyDir = clean('policyDir') && typeof config.policyDir === 'string' ? config.policyDir : opts.catalog.defaultPolicyDir;
    const builtin = policyNames(opts.catalog.builtinDir);
    const operator = policyNames(policyDir);
    if ('error' in builtin || 'error' in operator) {
      const why = 'error' in builtin ? `${opts.catalog.builtinDir}: ${builtin.error}` : `${policyDir}: ${(operator as { error: string }).error}`;
      notes.push(`tenant default policies not checked: cannot list ${why}`);
    } else {
      const known = new Set([...builtin.names, ...operator.names]);
      const where =
        `looked in ${policyDir}${operator.missing ? ' (which does not exist)' : ''} for NAME.wasm` +
        ` and among the built-in policies (${builtin.names.sort().join(', ')})`;
      for (const [tenant, policy] of tenantPolicies) {
        if (!known.has(policy)) out.push(`tenants.${tenant}.policy: no policy "${policy}": ${where}`);
      }
    }
  }
  if (Array.isArray(config.defaultAddressPools)) {
    config.defaultAddressPools.forEach((range, i) => {
      if (!clean('defaultAddressPools', String(i)) || !isRecord(range)) return;
      try {
        validateAddressPools([range as unknown as AddressPoolRange]);
      } catch (err) {
        out.push(`defaultAddressPools.${i}: ${(err as Error).message}`);
      }
    });
  }
  return out;
}

/**
 * Parses and checks configuration text; `origin` prefixes syntax errors.
 * Relative paths are resolved against `opts.baseDir`, by default the
 * directory of `origin`, as a file's paths are read relative to the file.
 */
export function checkConfigText(text: string, origin: string, opts: CheckOptions = {}): CheckedConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const at = lines.linePos(e.pos[0]);
        return `${origin}:${at.line}:${at.col}: ${e.message.split('\n')[0]}`;
      }),
    };
  }
  const value: unknown = doc.toJS() ?? {};
  if (!isRecord(value)) {
    return { ok: false, problems: ['(top level): expected a mapping of keys (socketDir, stateDir, policies, ...)'] };
  }
  const baseDir = opts.baseDir ?? dirname(resolvePath(origin));
  const schema = schemaCheck(value);
  const resolved: Record<string, unknown> = { ...value };
  for (const key of PATH_KEYS) {
    if (schema.clean(pointer(key)) && typeof value[key] === 'string') resolved[key] = resolvePath(baseDir, value[key]);
  }
  const notes: string[] = [];
  const problems = [...schema.problems, ...meaningProblems(resolved, schema, opts, notes)];
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: resolved as ConfigFile, notes };
}

export function checkConfigFile(path: string, opts: Omit<CheckOptions, 'baseDir'> = {}): CheckedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { ok: false, problems: [`cannot read ${path}: ${(err as Error).message}`] };
  }
  return checkConfigText(text, path, { ...opts, baseDir: dirname(resolvePath(path)) });
}

/** Loads a file for the daemon; throws one error listing every problem. */
export function loadConfigFile(path: string): ConfigFile {
  const checked = checkConfigFile(path);
  if (!checked.ok) throw invalid(`configuration file ${path} is invalid:\n  ${checked.problems.join('\n  ')}`);
  return checked.config;
}
