// Top-level code runs once, at build time; its state is in the snapshot. Module
// state then persists across calls on one instance and starts afresh on a new
// instance.
const startedAt = 'build';
const table = new Map<string, number>();
for (const [i, w] of ['alpha', 'beta', 'gamma'].entries()) table.set(w, i);
let calls = 0;
console.log('top-level log at build time');

export function lookup(): number {
  calls++;
  Host.outputString(JSON.stringify({ startedAt, value: table.get(Host.inputString()) ?? null, calls }));
  return 0;
}

export function remember(): number {
  table.set(Host.inputString(), table.size);
  Host.outputString(String(table.size));
  return 0;
}
