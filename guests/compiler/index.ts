// The policy compiler: esbuild bundle -> engine snapshot with the policy
// already evaluated -> one export per function in module.exports.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BuildLog } from './build-host';
import { BUNDLE_NAME, bundlePolicy, type Bundle } from './bundle';
import { loadEngine, sdkFiles } from './engine-files';
import { PolicyBuildError } from './errors';
import { mergeInterfaces, parseInterface, type InterfaceDecl } from './interface-file';
import { rewriteEngine } from './rewrite';
import { EvalError, snapshotPolicy, type EvalFailure } from './snapshot';
import { originalPosition } from './sourcemap';

export { PolicyBuildError } from './errors';
export { MEMORY_EXPORT } from './rewrite';
export type { BuildLog } from './build-host';

export interface BuildPolicyOptions {
  entry: string;
  interfaceFile?: string;
  /** Receives console output of the policy's top-level code. */
  log?: BuildLog;
  /** @internal further interface files to merge (the SDK's is added automatically). */
  extraInterfaceFiles?: string[];
}

export interface BuiltPolicy {
  wasm: Uint8Array<ArrayBuffer>;
  sha256: string;
  exports: string[];
  hostFunctions: { name: string; params: string[]; result: string | null }[];
  buildMs: number;
}

// Extism runs these at instantiation, before any call context exists.
const RESERVED_EXPORTS = new Set(['_start', '_initialize', 'hs_init']);

function readInterface(file: string): InterfaceDecl {
  let src: string;
  try {
    src = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PolicyBuildError(`cannot read interface file: ${(err as Error).message}`, { file }, { cause: err });
  }
  return parseInterface(src, path.resolve(file));
}

// An exception in top-level code, located in the original source.
function mapEvalFailure(f: EvalFailure, bundle: Bundle): PolicyBuildError {
  const esc = BUNDLE_NAME.replace(/\./g, '\\.');
  const frame = new RegExp(`${esc}:(\\d+)(?::(\\d+))?`).exec(f.stack) ?? new RegExp(`${esc}:(\\d+)`).exec(f.message);
  if (frame) {
    const line = Number(frame[1]);
    const col = frame[2] === undefined ? undefined : Number(frame[2]) - 1;
    const pos = originalPosition(bundle.map, bundle.sourcesDir, line, col);
    if (pos) return new PolicyBuildError(`top-level code threw: ${f.message}`, pos);
  }
  return new PolicyBuildError(`top-level code threw: ${f.message}`, { file: f.file });
}

export async function buildPolicy(opts: BuildPolicyOptions): Promise<BuiltPolicy> {
  const started = performance.now();
  if (!existsSync(opts.entry)) throw new PolicyBuildError('policy entry not found', { file: opts.entry });
  const sdk = sdkFiles();
  const bundle = await bundlePolicy(opts.entry, sdk ? { 'wasmdriver/sdk': sdk.entry } : {});

  const interfaceFiles = [...(opts.interfaceFile ? [opts.interfaceFile] : []), ...(opts.extraInterfaceFiles ?? [])];
  // A policy that uses the SDK's host-function wrappers imports what they call.
  if (sdk && bundle.inputs.includes(sdk.hostFunctions) && !interfaceFiles.includes(sdk.interfaceFile)) {
    interfaceFiles.push(sdk.interfaceFile);
  }
  const decl = mergeInterfaces(interfaceFiles.map(readInterface));

  const engine = loadEngine();
  let snap;
  try {
    snap = snapshotPolicy(engine, bundle.code, BUNDLE_NAME, decl.hostFunctions, opts.log);
  } catch (err) {
    if (err instanceof EvalError) throw mapEvalFailure(err.failure, bundle);
    throw err;
  }
  for (const d of decl.exports) {
    if (!snap.exports.includes(d.name)) {
      throw new PolicyBuildError(`export ${d.name} is declared but module.exports has no function ${d.name}`, { file: d.file, line: d.line });
    }
  }
  for (const name of snap.exports) {
    if (RESERVED_EXPORTS.has(name) || name.startsWith('__wd')) {
      throw new PolicyBuildError(`export ${name} is reserved (Extism runs _start, _initialize and hs_init at load; __wd* is the engine's)`, { file: path.resolve(opts.entry) });
    }
  }
  if (snap.exports.length === 0) throw new PolicyBuildError('the policy exports no functions', { file: path.resolve(opts.entry) });

  let wasm: Uint8Array<ArrayBuffer>;
  try {
    wasm = rewriteEngine({ engine: engine.wasm, memory: snap.memory, exports: snap.exports, hostFunctions: decl.hostFunctions });
  } catch (err) {
    throw new PolicyBuildError((err as Error).message, {}, { cause: err });
  }
  return {
    wasm,
    sha256: createHash('sha256').update(wasm).digest('hex'),
    exports: snap.exports,
    hostFunctions: decl.hostFunctions.map((f) => ({ name: f.name, params: [...f.params], result: f.result })),
    buildMs: performance.now() - started,
  };
}
