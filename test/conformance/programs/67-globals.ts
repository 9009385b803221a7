// The global environment a policy sees: the js-pdk globals, standard
// built-ins, and what is deliberately absent (timers, Node built-ins, eval of
// a missing event loop).
const g = globalThis as unknown as Record<string, unknown>;

export function types(): number {
  const names = [
    'Host', 'Config', 'Var', 'Memory', 'MemoryHandle', 'console', 'TextEncoder', 'TextDecoder',
    'Map', 'Set', 'WeakMap', 'WeakSet', 'Proxy', 'Reflect', 'Promise', 'BigInt', 'Symbol', 'JSON', 'Math', 'Date', 'RegExp',
    'ArrayBuffer', 'DataView', 'Uint8Array', 'BigInt64Array', 'globalThis', 'queueMicrotask',
    'setTimeout', 'setInterval', 'process', 'require', 'Buffer', 'fetch', 'window',
  ];
  Host.outputString(JSON.stringify(Object.fromEntries(names.map((n) => [n, typeof g[n]]))));
  return 0;
}

export function http(): number {
  Http.request({ url: 'https://example.com' });
  return 0;
}
