// `wasmdriver policy new <name>`: writes a policy project that typechecks,
// passes its fixtures and builds as generated. The tsconfig points at this
// wasmdriver's SDK and Extism PDK types by absolute path, so the project
// needs no npm install of its own.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { sdkFiles } from '../../../guests/compiler/engine-files';
import { isValidPolicyName, DEFAULT_POLICY } from '../../policy/policy-catalog';
import { FIXTURES, POLICY_TS, readme, tsconfigJson } from './scaffold-files';

function pdkTypes(): string {
  // The package exports no JavaScript, so require.resolve cannot name it; search where it would.
  const dirs = createRequire(import.meta.url).resolve.paths('@extism/js-pdk') ?? [];
  const found = dirs.map((d) => join(d, '@extism/js-pdk/dist/index.d.ts')).find((f) => existsSync(f));
  if (!found) throw new Error(`cannot find the @extism/js-pdk types (looked in ${dirs.join(', ')})`);
  return found;
}

/** Returns the files written, relative to the new directory. */
export function scaffoldPolicy(target: string): string[] {
  const dir = resolve(target);
  const name = basename(dir);
  if (!isValidPolicyName(name) || name === DEFAULT_POLICY) {
    throw new Error(`"${name}" cannot be a policy name: use [a-z0-9][a-z0-9_.-]*, at most 63 characters, not "${DEFAULT_POLICY}" (the daemon loads NAME.wasm)`);
  }
  if (existsSync(dir)) throw new Error(`${dir} already exists; choose a new directory`);
  const sdk = sdkFiles();
  if (!sdk) throw new Error('cannot find the wasmdriver SDK (guests/sdk) next to this wasmdriver');
  const files: Record<string, string> = {
    'policy.ts': POLICY_TS,
    'tsconfig.json': tsconfigJson(dirname(sdk.entry), pdkTypes()),
    'README.md': readme(name),
    ...Object.fromEntries(Object.entries(FIXTURES).map(([file, text]) => [join('fixtures', file), text])),
  };
  mkdirSync(join(dir, 'fixtures'), { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return Object.keys(files);
}
