// Host functions the daemon offers every policy, in extism-js interface
// format: the compiler reads this file to declare the module's imports, and
// TypeScript reads it to type Host.getFunctions(). Each question is scoped
// by the host to the call in progress: the pool, network or tenant the hook
// was asked about, so a guest can never name another tenant's state.
declare module 'extism:host' {
  interface user {
    /** 1 when the address (a plain IP string) is free in the pool of the current call, 0 when taken, -1 when malformed or there is no pool. */
    wasmdriver_address_is_free(address: PTR): I32;
    /** Lowest free address strictly after `after` ("" = from the start) in the current pool; "" when none; "error: ..." on misuse. */
    wasmdriver_next_free_address(after: PTR): PTR;
    /** Number of addresses taken in the current pool; -1 when the hook has no pool. */
    wasmdriver_taken_count(): I64;
    /** Number of volumes the current tenant has; -1 outside volume hooks. */
    wasmdriver_tenant_volume_count(): I64;
    /** Sum of -o size of the current tenant's volumes, in bytes; -1 outside volume hooks. */
    wasmdriver_tenant_volume_bytes(): I64;
  }
}
