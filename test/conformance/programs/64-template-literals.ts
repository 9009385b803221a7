// Template literals: interpolation, nesting, tagged templates (strings/raw,
// frozen strings array identity), multiline.
function tag(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.raw.map((s, i) => `${s}${i < values.length ? `[${typeof values[i]}]` : ''}`).join('');
}

const seen = new Set<TemplateStringsArray>();
function identity(strings: TemplateStringsArray): number {
  seen.add(strings);
  return seen.size;
}

export function run(): number {
  const name = Host.inputString();
  const counts: number[] = [];
  for (let i = 0; i < 3; i++) counts.push(identity`same site`);
  Host.outputString(
    JSON.stringify({
      plain: `Hello, ${name}! ${1 + 1} ${[1, 2]} ${{}} ${null} ${undefined}`,
      nested: `a${`b${`c${name.length}`}`}`,
      tagged: tag`x${1}y${'s'}\n${null}`,
      multiline: `line1
line2`,
      counts,
      frozen: Object.isFrozen((((s: TemplateStringsArray) => s) as (s: TemplateStringsArray) => TemplateStringsArray)`z`),
    }),
  );
  return 0;
}
