// Per-call bounds of a guest, and how they reach the engine: reserved
// Extism config keys the engine reads once per instance. The figures behind
// the defaults are in host/policy/README.md (scripts/bench/policy-bounds.ts).
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
  // Calibrated on the slowest code measured, allocation-heavy loops
  // (1,200-4,700 operations/ms); a tight loop runs 15,000-210,000/ms, so it
  // is stopped well inside the budget. One count for every kind of code
  // cannot be exact; erring low keeps the budget a bound.
  opsPerMs: 1000,
  // Native built-ins (sort, join, split, repeat) run between interrupt
  // checks; the heap is what bounds them. At 4 MiB they stop within about
  // 1.5x the budget, while the default policy's decisions need under 1 MiB.
  maxHeapBytes: 4 * 1024 * 1024,
  // The engine's README: 128 KiB stays clear of V8's own stack however deep
  // the host already is; 256 KiB does not.
  maxStackBytes: 128 * 1024,
  maxOutputBytes: 64 * 1024,
};

export function engineConfig(limits: GuestLimits): Record<string, string> {
  return {
    'wasmdriver.max_ops': String(Math.max(1, Math.floor(limits.budgetMs * limits.opsPerMs))),
    'wasmdriver.max_heap_bytes': String(limits.maxHeapBytes),
    'wasmdriver.max_stack_bytes': String(limits.maxStackBytes),
  };
}
