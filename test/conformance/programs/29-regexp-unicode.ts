// RegExp with the u flag: code point matching, \u{...}, property escapes,
// dotAll, case-insensitive Unicode.
export function run(): number {
  const s = 'a😀b𝄞c';
  Host.outputString(
    JSON.stringify({
      dotNoU: s.match(/./g)!.length,
      dotU: s.match(/./gu)!.length,
      brace: /\u{1F600}/u.test(s),
      letters: 'Émile Zoë ÅNGSTRÖM 123 Ωμέγα'.match(/\p{L}+/gu),
      upper: 'aBcÉñÑ'.match(/\p{Lu}/gu),
      script: 'abc Ελληνικά кириллица'.match(/\p{Script=Greek}+/u)![0],
      emoji: '👍 ok ✅'.match(/\p{Emoji_Presentation}/gu),
      dotAll: [/a.b/.test('a\nb'), /a.b/s.test('a\nb')],
      caseInsensitive: [/σ/iu.test('Σ'), /ſ/iu.test('S'), /ſ/i.test('S')],
      classRange: /^[😀-😂]$/u.test('😁'),
      split: '1,2;3'.split(/[,;]/),
      flags: /x/gimsuy.flags,
    }),
  );
  return 0;
}
