// String methods policy code uses every day.
export function run(): number {
  const s = Host.inputString();
  Host.outputString(
    JSON.stringify({
      pad: [s.padStart(12, '*'), s.padEnd(12, '-+'), '7'.padStart(3, '0'), 'abc'.padStart(2), 'x'.padEnd(4, '')],
      trim: ['  a b  '.trim(), '\t\n a'.trimStart(), 'a \u00a0\ufeff'.trimEnd()],
      search: [s.includes('World'), s.startsWith('Hello'), s.endsWith('!'), s.indexOf('o'), s.lastIndexOf('o'), s.search(/W/)],
      slicing: [s.slice(-6, -1), s.substring(5, 0), s.substr(1, 3), s.charAt(99), s.charCodeAt(0)],
      split: [s.split(' '), 'a,b,,c'.split(',', 3), ''.split(','), ''.split(''), 'abc'.split('')],
      repeat: ['ab'.repeat(3), 'x'.repeat(0)],
      replace: ['a-b-c'.replace('-', '+'), 'a-b-c'.split('-').join('+'), 'aaa'.replace(/a/g, (m, i: number) => String(i))],
      concat: 'a'.concat('b', '1', 'c'),
      compare: ['a' < 'b', 'B' < 'a', 'a' < 'aa', '10' < '9'],
      raw: String.raw`a\n${1 + 1}\t`,
      fromCode: [String.fromCharCode(72, 105), String.fromCodePoint(0x1f600, 97)],
      codePoint: ['😀'.codePointAt(0), '😀'.codePointAt(1), '😀'.charCodeAt(0)],
      localeUpper: 'istanbul'.toLocaleUpperCase(),
      numbers: [(255).toString(16), (255).toString(2), (-255).toString(36), parseInt('ff', 16), parseInt('0x1A'), parseInt('12abc'), parseInt('z', 36)],
    }),
  );
  return 0;
}
