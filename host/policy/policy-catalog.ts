// The policies a daemon can run: built-ins shipped with wasmdriver plus
// NAME.wasm files from the operator's policy directory. Modules are compiled
// once per content hash and shared; instances are not (see guest-instance).
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { invalid, policyFailure } from '../errors';
import { HOOK_NAMES, type HookName } from './hook-contract';
import { hostFunctions } from './host-functions';

export const DEFAULT_POLICY = 'default';
const POLICY_NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

export interface LoadedPolicy {
  name: string;
  sha256: string;
  /** Where the module came from, for logs. */
  source: string;
  module: WebAssembly.Module;
  hooks: ReadonlySet<HookName>;
  builtin: boolean;
}

export interface CatalogSources {
  /** Directory of built-in NAME.wasm (always includes default.wasm). */
  builtinDir: string;
  /** Operator's directory of NAME.wasm; may be absent. */
  policyDir: string;
  /** name -> expected sha256 (hex). A module whose hash differs is refused. */
  pins: Readonly<Record<string, string>>;
}

export interface LoadProblem { name: string; source: string; reason: string }

export interface CatalogSnapshot {
  policies: ReadonlyMap<string, LoadedPolicy>;
  problems: LoadProblem[];
}

export function isValidPolicyName(name: string): boolean {
  return POLICY_NAME.test(name);
}

const compiled = new Map<string, WebAssembly.Module>();

/** Drops compiled modules no loaded policy uses any more, so reloads do not accumulate them. */
export function forgetModulesExcept(inUse: Iterable<string>): void {
  const keep = new Set(inUse);
  for (const sha256 of compiled.keys()) if (!keep.has(sha256)) compiled.delete(sha256);
}

async function compileOnce(sha256: string, bytes: Uint8Array): Promise<WebAssembly.Module> {
  let module = compiled.get(sha256);
  if (!module) {
    module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
    compiled.set(sha256, module);
  }
  return module;
}

export async function loadPolicyFile(name: string, path: string, builtin: boolean, pin?: string): Promise<LoadedPolicy> {
  const bytes = new Uint8Array(await readFile(path));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (pin !== undefined && pin.toLowerCase() !== sha256) {
    throw policyFailure(`policy "${name}" (${path}) has sha256 ${sha256}, but the configuration pins ${pin.toLowerCase()}; refusing to load it`);
  }
  let module: WebAssembly.Module;
  try {
    module = await compileOnce(sha256, bytes);
  } catch (err) {
    throw policyFailure(`policy "${name}" (${path}) is not a valid WebAssembly module: ${(err as Error).message}`, err);
  }
  const problem = importProblem(module);
  if (problem) throw policyFailure(`policy "${name}" (${path}) ${problem}; refusing to load it`);
  const exported = new Set(WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').map((e) => e.name));
  const hooks = new Set(HOOK_NAMES.filter((h) => exported.has(h)));
  return { name, sha256, source: path, module, hooks, builtin };
}

// Checked at load, so a module that could never be instantiated is refused
// while the previous version still serves, not on its first decision.
const HOST_FUNCTIONS = new Set(Object.keys(hostFunctions()));

function importProblem(module: WebAssembly.Module): string | undefined {
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.module === 'extism:host/env') continue;
    if (imp.module === 'extism:host/user' && HOST_FUNCTIONS.has(imp.name)) continue;
    return `imports ${imp.module} ${imp.name}, which the daemon does not provide (build it with \`wasmdriver policy build\`)`;
  }
  return undefined;
}

async function wasmFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.wasm')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/**
 * Loads every policy. A module that fails to load is reported, not fatal,
 * unless it is the built-in default every other policy falls back to.
 */
export async function loadCatalog(sources: CatalogSources): Promise<CatalogSnapshot> {
  const policies = new Map<string, LoadedPolicy>();
  const problems: LoadProblem[] = [];
  const load = async (dir: string, builtin: boolean) => {
    for (const file of await wasmFiles(dir)) {
      const name = file.slice(0, -'.wasm'.length);
      const source = join(dir, file);
      if (!isValidPolicyName(name)) {
        problems.push({ name, source, reason: 'file name is not a valid policy name ([a-z0-9][a-z0-9_.-]*, at most 63 characters)' });
        continue;
      }
      if (!builtin && name === DEFAULT_POLICY) {
        problems.push({ name, source, reason: `"${DEFAULT_POLICY}" is reserved for the built-in fallback policy` });
        continue;
      }
      try {
        policies.set(name, await loadPolicyFile(name, source, builtin, sources.pins[name]));
      } catch (err) {
        problems.push({ name, source, reason: (err as Error).message });
      }
    }
  };
  await load(sources.builtinDir, true);
  if (!policies.has(DEFAULT_POLICY)) {
    const problem = problems.find((p) => p.name === DEFAULT_POLICY);
    throw policyFailure(`the built-in default policy could not be loaded from ${sources.builtinDir}: ${problem?.reason ?? 'default.wasm is missing; run scripts/setup to build it'}`);
  }
  await load(sources.policyDir, false);
  for (const name of Object.keys(sources.pins)) {
    if (!policies.has(name) && !problems.some((p) => p.name === name)) {
      problems.push({ name, source: sources.policyDir, reason: 'pinned in the configuration but no such policy file exists' });
    }
  }
  return { policies, problems };
}

export function unknownPolicy(name: string, known: Iterable<string>): Error {
  return invalid(`unknown policy "${name}": no ${name}.wasm was loaded (known: ${[...known].sort().join(', ')})`);
}
