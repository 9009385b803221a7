// Top-level code runs at build time; an exception there fails the build and
// names the file and line.
export function never(): number {
  return 0;
}

const config = JSON.parse('{"pools": 3}') as { pools: number };
if (config.pools > 2) {
  throw new Error('too many pools at build time');
}
