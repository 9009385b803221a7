declare module 'extism:host' {
  interface user {
    scale_f64(x: F64, k: F64): F64;
    half_f32(x: F32): F32;
  }
}
