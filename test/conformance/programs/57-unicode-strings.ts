// String operations across surrogate pairs: slicing, codePointAt,
// fromCodePoint limits, well-formedness, regexp with and without u.
const hexUnits = (s: string): string => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i).toString(16)).join(' ');

export function run(): number {
  const s = 'x😀y';
  let tooBig = '';
  try {
    String.fromCodePoint(0x110000);
  } catch (e) {
    tooBig = (e as Error).name;
  }
  Host.outputString(
    JSON.stringify({
      slice: [hexUnits(s.slice(0, 2)), hexUnits(s.slice(2))],
      at: [s.codePointAt(1), s.codePointAt(2), s[1] === '\ud83d'],
      split: s.split('').length,
      arrayFrom: Array.from(s).length,
      fromCodePoint: [hexUnits(String.fromCodePoint(0x10ffff)), tooBig],
      sortedByUnits: ['\uff61', '😀', '\ue000'].sort().map(hexUnits),
      upperSharp: 'ß'.toUpperCase(),
      escape: [encodeURIComponent('é 😀/?'), decodeURIComponent('%F0%9F%98%80'), escape('é')],
      replaceU: '😀😀'.replace(/(?:)/gu, '-'),
      replaceNoU: hexUnits('😀'.replace(/(?:)/g, '-')),
      lengthOfPad: '😀'.padStart(3, '😀').length,
    }),
  );
  return 0;
}

export function badUri(): number {
  let out = '';
  try {
    encodeURIComponent('\ud800');
    out = 'encoded';
  } catch (e) {
    out = (e as Error).name;
  }
  Host.outputString(out);
  return 0;
}
