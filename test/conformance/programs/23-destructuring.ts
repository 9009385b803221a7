// Destructuring: nested, defaults, rest, renames, swaps, parameters.
interface Req {
  user?: { name?: string; roles?: string[] };
  opts?: { retries?: number };
}

function summarize({ user: { name = 'anon', roles: [primary = 'none', ...others] = [] } = {}, opts: { retries = 3 } = {} }: Req): string {
  return `${name}/${primary}/${others.length}/${retries}`;
}

export function run(): number {
  const input: Req[] = JSON.parse(Host.inputString());
  let a = 1;
  let b = 2;
  [a, b] = [b, a];
  const { x: renamed, ...rest } = { x: 1, y: 2, z: 3 };
  const [first, [second, third = 'default'] = []] = ['1', ['2']];
  const { ['computed' + 'Key']: computed } = { computedKey: 'ok' } as Record<string, string>;
  Host.outputString(JSON.stringify({ summaries: input.map(summarize), swap: [a, b], renamed, rest, first, second, third, computed }));
  return 0;
}
