// Unicode text in and out: emoji (ZWJ sequences, flags, skin tones),
// combining marks, RTL text, CJK, NUL; lengths in code units, code points
// and UTF-8 bytes.
export function echo(): number {
  Host.outputString(Host.inputString());
  return 0;
}

export function measure(): number {
  const s = Host.inputString();
  Host.outputString(
    JSON.stringify({
      units: s.length,
      codePoints: [...s].length,
      bytes: new TextEncoder().encode(s).length,
      reversedCodePoints: [...s].reverse().join(''),
      upper: s.toUpperCase(),
    }),
  );
  return 0;
}

export function build(): number {
  const parts = ['👨‍👩‍👧‍👦', '🇫🇷', '👍🏽', 'e\u0301', 'שלום', 'مرحبا', '漢字', 'a\u0000b', '\u200f'];
  Host.outputString(parts.join('|'));
  return 0;
}
