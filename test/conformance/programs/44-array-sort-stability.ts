// Array.prototype.sort is stable (ES2019), including for large arrays and
// comparators that return only -1/0/1 or booleans-as-numbers.
interface Rec {
  key: number;
  seq: number;
}

export function stable(): number {
  const n = Number(Host.inputString());
  const recs: Rec[] = [];
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    recs.push({ key: s % 7, seq: i });
  }
  const sorted = [...recs].sort((a, b) => a.key - b.key);
  let stableOk = true;
  for (let i = 1; i < sorted.length; i++) {
    const p = sorted[i - 1]!;
    const c = sorted[i]!;
    if (p.key > c.key || (p.key === c.key && p.seq > c.seq)) stableOk = false;
  }
  const checksum = sorted.reduce((acc, r, i) => (acc * 31 + r.seq * (i + 1)) % 1000000007, 7);
  Host.outputString(JSON.stringify({ stableOk, checksum, head: sorted.slice(0, 5).map((r) => r.seq) }));
  return 0;
}

export function strings(): number {
  const words: string[] = JSON.parse(Host.inputString());
  const byLength = [...words].sort((a, b) => a.length - b.length);
  const ci = [...words].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
  Host.outputString(JSON.stringify({ byLength, ci, plain: [...words].sort() }));
  return 0;
}
