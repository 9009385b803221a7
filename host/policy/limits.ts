// Per-call bounds of a guest, and how they reach the engine: reserved
// Extism config keys the engine reads once per instance.
export interface GuestLimits {
  /** Wall-clock budget of one call. */
  budgetMs: number;
  /** Engine operations per millisecond on this host; converts the budget to the engine's unit. */
  opsPerMs: number;
  maxHeapBytes: number;
  maxStackBytes: number;
  maxOutputBytes: number;
}

export const DEFAULT_LIMITS: GuestLimits = {
  budgetMs: 100,
  opsPerMs: 2000,
  maxHeapBytes: 16 * 1024 * 1024,
  maxStackBytes: 256 * 1024,
  maxOutputBytes: 64 * 1024,
};

export function engineConfig(limits: GuestLimits): Record<string, string> {
  return {
    'wasmdriver.max_ops': String(Math.max(1, Math.floor(limits.budgetMs * limits.opsPerMs))),
    'wasmdriver.max_heap_bytes': String(limits.maxHeapBytes),
    'wasmdriver.max_stack_bytes': String(limits.maxStackBytes),
  };
}
