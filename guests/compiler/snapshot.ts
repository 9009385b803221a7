// Runs the engine at build time: evaluates the prelude and the policy bundle,
// collects the exports, and returns linear memory as it stands afterwards.
import { buildTimeImports, hostFunctionTable, type BuildLog } from './build-host';
import type { EngineFiles } from './engine-files';
import type { HostFunction } from './interface-file';
import { HOST_SLOTS } from './rewrite';

interface EngineExports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  wd_malloc(n: number): number;
  wd_free(p: number): void;
  wd_eval(src: number, len: number, file: number): number;
  wd_collect_exports(): number;
  wd_result_ptr(): number;
  wd_result_len(): number;
  wd_build_budget(on: number): void;
}

export interface EvalFailure {
  file: string;
  message: string;
  stack: string;
}

export class EvalError extends Error {
  constructor(readonly failure: EvalFailure) {
    super(failure.message);
  }
}

export interface Snapshot {
  memory: Uint8Array;
  exports: string[];
}

export function snapshotPolicy(engine: EngineFiles, bundle: string, bundleName: string, hostFunctions: HostFunction[], log?: BuildLog): Snapshot {
  const instance = new WebAssembly.Instance(engine.module, buildTimeImports(log, HOST_SLOTS));
  const ex = instance.exports as unknown as EngineExports;
  const enc = new TextEncoder();

  const cstr = (s: string): [number, number] => {
    const bytes = enc.encode(s);
    const p = ex.wd_malloc(bytes.length + 1);
    const mem = new Uint8Array(ex.memory.buffer);
    mem.set(bytes, p);
    mem[p + bytes.length] = 0; // QuickJS wants NUL-terminated source
    return [p, bytes.length];
  };
  const result = (): string => {
    const p = ex.wd_result_ptr();
    return new TextDecoder().decode(new Uint8Array(ex.memory.buffer, p, ex.wd_result_len()));
  };
  const evaluate = (source: string, file: string): void => {
    const [src, len] = cstr(source);
    const [name] = cstr(file);
    const rc = ex.wd_eval(src, len, name);
    ex.wd_free(src);
    ex.wd_free(name);
    if (rc !== 0) {
      const [message = '', stack = ''] = result().split('\0');
      throw new EvalError({ file, message, stack });
    }
  };

  ex._initialize();
  ex.wd_build_budget(1);
  evaluate(engine.prelude, 'wasmdriver:prelude.js');
  evaluate(`__wd_define_host_functions(${JSON.stringify(hostFunctionTable(hostFunctions))});`, 'wasmdriver:host-functions.js');
  evaluate(bundle, bundleName);
  if (ex.wd_collect_exports() !== 0) {
    const [message = '', stack = ''] = result().split('\0');
    throw new EvalError({ file: bundleName, message, stack });
  }
  const exports = result().split('\n').filter(Boolean);
  evaluate('__wd_end_build();', 'wasmdriver:end-build.js');
  ex.wd_build_budget(0);
  return { memory: new Uint8Array(ex.memory.buffer).slice(), exports };
}
