// Builds policies from inline sources and runs them under the pinned Extism host.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import createPlugin, { type Plugin } from '@extism/extism';
import { buildPolicy, type BuiltPolicy } from '../../../guests/compiler/index';

export interface Built extends BuiltPolicy {
  dir: string;
  entry: string;
}

export async function buildSource(source: string, iface?: string): Promise<Built> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wd-toolchain-'));
  const entry = path.join(dir, 'policy.ts');
  writeFileSync(entry, source);
  let interfaceFile: string | undefined;
  if (iface !== undefined) {
    interfaceFile = path.join(dir, 'policy.d.ts');
    writeFileSync(interfaceFile, iface);
  }
  const built = await buildPolicy({ entry, ...(interfaceFile ? { interfaceFile } : {}) });
  return { ...built, dir, entry };
}

export async function load(
  wasm: Uint8Array<ArrayBuffer>,
  opts: { config?: Record<string, string>; functions?: Record<string, Record<string, (...a: any[]) => any>>; logger?: Console } = {},
): Promise<Plugin> {
  const module = await WebAssembly.compile(wasm);
  return createPlugin(
    { wasm: [{ module }], config: opts.config ?? {} },
    {
      useWasi: false,
      runInWorker: false,
      ...(opts.functions ? { functions: opts.functions } : {}),
      ...(opts.logger ? { logger: opts.logger, logLevel: 'debug' as const } : {}),
    },
  );
}

export async function callText(p: Plugin, fn: string, input: string | Uint8Array = ''): Promise<string> {
  const out = await p.call(fn, input);
  return out?.text() ?? '';
}

export async function callError(p: Plugin, fn: string, input = ''): Promise<string> {
  try {
    await p.call(fn, input);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`${fn} did not fail`);
}
