declare module 'extism:host' {
  interface user {
    mix5(a: I32, b: I64, c: F64, d: PTR, e: F32): PTR;
    record_void(p: PTR): void;
    recorded_count(): I32;
  }
}
