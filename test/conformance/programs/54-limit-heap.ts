// The heap limit (config wasmdriver.max_heap_bytes) stops unbounded
// allocation; the instance recovers.
export function grow(): number {
  const chunks: string[] = [];
  for (;;) chunks.push('x'.repeat(65536) + chunks.length);
}

export function bigArray(): number {
  const a = new Array<number>(50_000_000).fill(1);
  Host.outputString(String(a.length));
  return 0;
}

export function small(): number {
  const a = Array.from({ length: 1000 }, (_, i) => ({ i, s: String(i) }));
  Host.outputString(String(a.length));
  return 0;
}
