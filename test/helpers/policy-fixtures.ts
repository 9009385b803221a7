// Policies compiled for tests: the fixtures under test/fixtures/policies
// (hostile and misbehaving guests) and the shipped ones under
// guests/policies, built with the real compiler and cached by content.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPolicy } from '../../guests/compiler/index';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const fixture = (name: string) => join(ROOT, 'test/fixtures/policies', name, 'policy.ts');
export const shipped = (name: string) => join(ROOT, 'guests/policies', name, 'policy.ts');

// Everything a compiled policy depends on besides its own source.
function toolchainDigest(): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(ROOT, 'guests/engine/engine.wasm.sha256')));
  for (const dir of ['guests/sdk', 'guests/compiler']) {
    for (const f of readdirSync(join(ROOT, dir)).sort()) hash.update(f).update(readFileSync(join(ROOT, dir, f)));
  }
  return hash.digest('hex');
}

const CACHE_DIR = join(tmpdir(), 'wasmdriver-policy-test-cache');
const inProcess = new Map<string, Promise<Uint8Array>>();

/**
 * Compiled bytes of a policy entry. Test files run in separate processes,
 * so the bytes are also cached on disk under the hash of the source and the
 * whole toolchain; any change to either rebuilds.
 */
export function compiled(entry: string): Promise<Uint8Array> {
  let bytes = inProcess.get(entry);
  if (!bytes) {
    bytes = (async () => {
      const key = createHash('sha256').update(toolchainDigest()).update(entry).update(readFileSync(entry)).digest('hex');
      const cached = join(CACHE_DIR, `${key}.wasm`);
      if (existsSync(cached)) return new Uint8Array(readFileSync(cached));
      const built = await buildPolicy({ entry });
      mkdirSync(CACHE_DIR, { recursive: true });
      // Written aside and renamed, so a concurrent test file never reads half a module.
      const partial = `${cached}.${process.pid}`;
      writeFileSync(partial, built.wasm);
      renameSync(partial, cached);
      return built.wasm;
    })();
    inProcess.set(entry, bytes);
  }
  return bytes;
}

/** Compiled bytes of an inline policy source (written to a temporary file first). */
export function compiledSource(source: string): Promise<Uint8Array> {
  const name = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'wasmdriver-policy-test-sources', name);
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, 'policy.ts');
  if (!existsSync(entry)) writeFileSync(entry, source);
  return compiled(entry);
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export interface FixturePolicyDir {
  dir: string;
  remove(): void;
}

/**
 * A temporary policy directory holding NAME.wasm for each named fixture
 * (test/fixtures/policies/NAME/policy.ts), for a daemon's --policy-dir.
 */
export async function buildFixturePolicyDir(names: string[]): Promise<FixturePolicyDir> {
  const dir = mkdtempSync(join(tmpdir(), 'wasmdriver-fixture-policies-'));
  for (const name of names) writeFileSync(join(dir, `${name}.wasm`), await compiled(fixture(name)));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
