declare module 'extism:host' {
  interface user {
    mul_i64(a: I64, b: I64): I64;
    hi_i64(): I64;
  }
}
