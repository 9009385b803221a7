// Unicode case mapping (special casing, final sigma) and normalization.
const cps = (s: string): string => [...s].map((c) => c.codePointAt(0)!.toString(16)).join(' ');

export function caseMapping(): number {
  const words = ['straße', 'ǆ', 'ΌΣΟΣ', 'ΣΑΣ Σ', 'İstanbul', 'ﬁ', 'ŉ', 'Ǳ', 'ΐ', 'ἀι', 'Ⅻ', '𐐨𐐩', 'ǅungla', 'ÀÉÎÕÜ'];
  Host.outputString(JSON.stringify(words.map((w) => [cps(w.toUpperCase()), cps(w.toLowerCase())])));
  return 0;
}

export function normalize(): number {
  const words = ['é', 'e\u0301', 'ﬁ', '①', 'Å', 'A\u030a', '\u1e9b\u0323', '한국', '\u1100\u1161', 'ｶﾞ'];
  const forms = ['NFC', 'NFD', 'NFKC', 'NFKD'] as const;
  const out = words.map((w) => forms.map((f) => cps(w.normalize(f))));
  let bad = '';
  try {
    'x'.normalize('NFX' as 'NFC');
  } catch (e) {
    bad = (e as Error).name;
  }
  Host.outputString(JSON.stringify({ out, dflt: cps('e\u0301'.normalize()), bad, eq: 'e\u0301'.normalize() === 'é' }));
  return 0;
}
