// Reads and checks a configuration file (YAML, or JSON, which is YAML):
// syntax, then the schema, then what the schema cannot say. Every problem
// is collected and names its key, so one `config check` run lists them all.
import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import { LineCounter, parseDocument } from 'yaml';
import { invalid } from '../errors';
import { isValidPolicyName, DEFAULT_POLICY } from '../policy/policy-catalog';
import { validateAddressPools } from '../drivers/ipam/default-pools';
import { parseLoopbackListen } from './listen-address';
import { ConfigFileSchema, type ConfigFile } from './schema';

export const DEFAULT_CONFIG_FILE = '/etc/wasmdriver/config.yaml';

export type CheckedConfig = { ok: true; config: ConfigFile } | { ok: false; problems: string[] };

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

function schemaProblems(value: unknown): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const error of Value.Errors(ConfigFileSchema, value)) {
    const line = describe(error);
    if (!seen.has(line)) {
      seen.add(line);
      out.push(line);
    }
  }
  return out;
}

function meaningProblems(config: ConfigFile): string[] {
  const out: string[] = [];
  for (const key of ['socketDir', 'stateDir', 'policyDir', 'adminSocket'] as const) {
    const value = config[key];
    if (value !== undefined && !isAbsolute(value)) out.push(`${key}: "${value}" must be an absolute path`);
  }
  if (config.metricsListen !== undefined) {
    try {
      parseLoopbackListen(config.metricsListen, 'metricsListen');
    } catch (err) {
      out.push((err as Error).message);
    }
  }
  for (const name of Object.keys(config.policies ?? {})) {
    if (!isValidPolicyName(name)) out.push(`policies.${name}: not a valid policy name ([a-z0-9][a-z0-9_.-]*, at most 63 characters; the file is NAME.wasm)`);
    if (name === DEFAULT_POLICY && config.policies![name]!.sha256 !== undefined) {
      out.push(`policies.${name}.sha256: the built-in default policy cannot be pinned; it ships with wasmdriver`);
    }
  }
  for (const [tenant, entry] of Object.entries(config.tenants ?? {})) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(tenant)) out.push(`tenants.${tenant}: a tenant is 1-64 letters, digits, "_", "." or "-"`);
    if (!isValidPolicyName(entry.policy)) out.push(`tenants.${tenant}.policy: "${entry.policy}" is not a valid policy name`);
  }
  (config.defaultAddressPools ?? []).forEach((range, i) => {
    try {
      validateAddressPools([range]);
    } catch (err) {
      out.push(`defaultAddressPools.${i}: ${(err as Error).message}`);
    }
  });
  return out;
}

/** Parses and checks configuration text; `origin` prefixes syntax errors. */
export function checkConfigText(text: string, origin: string): CheckedConfig {
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
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, problems: ['(top level): expected a mapping of keys (socketDir, stateDir, policies, ...)'] };
  }
  const problems = schemaProblems(value);
  if (problems.length > 0) return { ok: false, problems };
  const config = value as ConfigFile;
  const meaning = meaningProblems(config);
  return meaning.length > 0 ? { ok: false, problems: meaning } : { ok: true, config };
}

export function checkConfigFile(path: string): CheckedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { ok: false, problems: [`cannot read ${path}: ${(err as Error).message}`] };
  }
  return checkConfigText(text, path);
}

/** Loads a file for the daemon; throws one error listing every problem. */
export function loadConfigFile(path: string): ConfigFile {
  const checked = checkConfigFile(path);
  if (!checked.ok) throw invalid(`configuration file ${path} is invalid:\n  ${checked.problems.join('\n  ')}`);
  return checked.config;
}
