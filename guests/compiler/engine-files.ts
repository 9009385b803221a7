// Locates and loads the committed engine (guests/engine/engine.wasm) and its
// prelude, once per process.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export interface EngineFiles {
  wasm: Uint8Array;
  module: WebAssembly.Module;
  prelude: string;
}

let cached: EngineFiles | null = null;

// From the source tree (guests/compiler/) or from a bundle in dist/;
// WASMDRIVER_ENGINE_DIR overrides both.
function engineDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    process.env.WASMDRIVER_ENGINE_DIR,
    path.resolve(here, '../engine'),
    path.resolve(here, '../guests/engine'),
  ].filter((d): d is string => Boolean(d));
  const dir = candidates.find((d) => existsSync(path.join(d, 'engine.wasm')));
  if (!dir) throw new Error(`cannot find engine.wasm; looked in ${candidates.join(', ')}`);
  return dir;
}

export function loadEngine(): EngineFiles {
  if (cached) return cached;
  const dir = engineDir();
  const wasm = new Uint8Array(readFileSync(path.join(dir, 'engine.wasm')));
  cached = {
    wasm,
    module: new WebAssembly.Module(wasm),
    prelude: readFileSync(path.join(dir, 'prelude.js'), 'utf8'),
  };
  return cached;
}

// The policy SDK (guests/sdk): its entry point, which policies import as
// 'wasmdriver/sdk', and its host-function wrappers, whose interface file a
// bundle that uses them needs. Null when the SDK is not there.
export interface SdkFiles {
  entry: string;
  hostFunctions: string;
  interfaceFile: string;
}

export function sdkFiles(): SdkFiles | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const sdk = [path.resolve(here, '../sdk'), path.resolve(here, '../guests/sdk')].find((d) => existsSync(path.join(d, 'index.ts')));
  if (!sdk) return null;
  const iface = ['host-functions.d.ts', 'host-interface.d.ts'].map((f) => path.join(sdk, f)).find((f) => existsSync(f));
  return {
    entry: path.join(sdk, 'index.ts'),
    hostFunctions: path.join(sdk, 'host-functions.ts'),
    interfaceFile: iface ?? path.join(sdk, 'host-functions.d.ts'),
  };
}
