// @extism/extism loads node:wasi when it is imported, and Node prints an
// ExperimentalWarning for that on every command, although wasmdriver never
// enables WASI (guests load with useWasi: false). It is therefore loaded on
// first use, with that one warning filtered out.
import type { createPlugin as CreatePlugin } from '@extism/extism';

let loading: Promise<typeof CreatePlugin> | undefined;

export function loadCreatePlugin(): Promise<typeof CreatePlugin> {
  loading ??= (async () => {
    const emitWarning = process.emitWarning;
    process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
      const text = typeof warning === 'string' ? warning : warning.message;
      if (text.includes('WASI is an experimental feature')) return;
      (emitWarning as (w: string | Error, ...r: unknown[]) => void).call(process, warning, ...rest);
    }) as typeof process.emitWarning;
    try {
      return (await import('@extism/extism')).createPlugin;
    } finally {
      process.emitWarning = emitWarning;
    }
  })();
  return loading;
}
