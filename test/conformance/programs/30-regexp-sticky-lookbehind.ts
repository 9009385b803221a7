// Sticky (y) flag and lastIndex, lookbehind and lookahead, a tiny tokenizer.
function tokenize(src: string): string[] {
  const re = /\s*(\d+|[a-z]+|[()+*-])/y;
  const out: string[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(src)) !== null) out.push(m[1]!);
  if (re.lastIndex !== 0) out.push('!stuck');
  return out;
}

export function run(): number {
  const sticky = /foo/y;
  sticky.lastIndex = 3;
  const stickyHit = sticky.test('barfoo');
  const afterHit = sticky.lastIndex;
  sticky.lastIndex = 1;
  const stickyMiss = sticky.test('barfoo');
  Host.outputString(
    JSON.stringify({
      tokens: tokenize(Host.inputString()),
      sticky: [stickyHit, afterHit, stickyMiss, sticky.lastIndex],
      lookbehind: '$10 €20 $30'.match(/(?<=\$)\d+/g),
      negLookbehind: '$10 €20 $30'.match(/(?<!\$)\b\d+/g),
      lookahead: 'abc123def'.replace(/\d(?=\d)/g, '_'),
      varLenBehind: 'xaaay'.replace(/(?<=x(a+))a/, '[$1]'),
    }),
  );
  return 0;
}
