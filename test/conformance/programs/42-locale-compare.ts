// localeCompare basics: sign of the result for pairs where every
// implementation agrees (equal, plain ASCII of the same case, prefixes,
// canonically equivalent forms), and the ICU order V8 uses for mixed case.
const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

export function basic(): number {
  const pairs: [string, string][] = JSON.parse(Host.inputString());
  Host.outputString(JSON.stringify(pairs.map(([a, b]) => sign(a.localeCompare(b)))));
  return 0;
}

export function sortWords(): number {
  const words: string[] = JSON.parse(Host.inputString());
  Host.outputString(JSON.stringify([...words].sort((a, b) => a.localeCompare(b))));
  return 0;
}
