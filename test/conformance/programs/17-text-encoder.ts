// TextEncoder: ASCII, 2/3/4-byte sequences, lone surrogates, encodeInto.
const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');

export function encode(): number {
  const enc = new TextEncoder();
  const samples = ['', 'A', 'é', '€', '𝄞', '😀', 'a\ud800b', '\udc00', '\ud83d', '\ud83d\ude00\ud83d', '\u0000', '\uffff'];
  Host.outputString(JSON.stringify({ encoding: enc.encoding, out: samples.map((s) => hex(enc.encode(s))) }));
  return 0;
}

export function encodeInto(): number {
  const enc = new TextEncoder();
  const dest = new Uint8Array(5);
  const r1 = enc.encodeInto('a😀b', dest);
  const dest2 = new Uint8Array(4);
  const r2 = enc.encodeInto('€€', dest2);
  Host.outputString(JSON.stringify([r1, hex(dest), r2, hex(dest2)]));
  return 0;
}
