// RegExp named capture groups: exec().groups, replace with $<name> and a
// function, matchAll, backreferences \k<name>.
export function parse(): number {
  const s = Host.inputString();
  const re = /(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})/g;
  const all = [...s.matchAll(re)].map((m) => ({ ...m.groups, index: m.index }));
  const swapped = s.replace(re, '$<day>/$<month>/$<year>');
  const fn = s.replace(re, (...args) => {
    const groups = args[args.length - 1] as Record<string, string>;
    return `${Number(groups.month)}月`;
  });
  const dup = /(?<w>\b\w+\b) \k<w>/.exec('this is is fine');
  Host.outputString(JSON.stringify({ all, swapped, fn, dup: dup?.groups?.w ?? null, noMatch: /(?<x>z)/.exec('abc') }));
  return 0;
}
