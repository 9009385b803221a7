// Lone surrogates on output: outputString encodes them as U+FFFD (EF BF BD),
// like TextEncoder; JSON.stringify escapes them (well-formed JSON.stringify,
// ES2019), so JSON output keeps them.
export function raw(): number {
  Host.outputString('a\ud800b\udc00c\ud83d');
  return 0;
}

export function viaJson(): number {
  Host.outputString(JSON.stringify({ s: 'a\ud800b\udc00c', pair: '\ud83d\ude00' }));
  return 0;
}

export function fromInputJson(): number {
  const v = JSON.parse(Host.inputString()) as { s: string };
  Host.outputString(JSON.stringify({ units: v.s.length, codes: [...v.s].map((c) => c.charCodeAt(0).toString(16)), back: v.s }));
  return 0;
}
