// The only way a tier may be skipped: WASMDRIVER_SKIP_E2E=1, set by hand.
// The reason is passed to node:test so the summary counts it as skipped.
export function e2eSkipReason(): string | false {
  return process.env.WASMDRIVER_SKIP_E2E === '1' ? 'e2e tier skipped: WASMDRIVER_SKIP_E2E=1 was set by hand' : false;
}
