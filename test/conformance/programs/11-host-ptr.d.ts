declare module 'extism:host' {
  interface user {
    upper_ptr(p: PTR): PTR;
    len_ptr(p: PTR): I64;
  }
}
