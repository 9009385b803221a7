declare module 'extism:host' {
  interface user {
    add_i32(a: I32, b: I32): I32;
  }
}
