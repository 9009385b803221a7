declare module 'main' {
  export function add(): I32;
  export function negate(): I32;
}
declare module 'extism:host' {
  interface user {
    add_i32(a: I32, b: I32): I32;
    neg_i32(a: I32): I32;
  }
}
