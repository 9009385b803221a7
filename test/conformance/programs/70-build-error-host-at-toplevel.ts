/// <reference path="./70-build-error-host-at-toplevel.d.ts" />
// Host functions do not exist at build time: calling one from top-level code
// fails the build.
const { add_i32 } = Host.getFunctions();
const precomputed = add_i32(1, 2);

export function never(): number {
  Host.outputString(String(precomputed));
  return 0;
}
