// Optional chaining and nullish coalescing (with short-circuiting).
interface Cfg {
  server?: { port?: number | null; tls?: { cert?: string } };
  hooks?: { onStart?: () => string };
  list?: number[];
}

// hides literal types so the checker does not flag ?? on them
const opaque = (v: unknown): unknown => v;

export function run(): number {
  const cfgs: Cfg[] = [{}, { server: { port: 0, tls: {} } }, { server: { port: null } }, { list: [7] }];
  let sideEffects = 0;
  const bump = (): number => ++sideEffects;
  const nothing: Cfg | undefined = undefined;
  const hooked: Cfg = { hooks: { onStart: () => 'started' } };
  Host.outputString(
    JSON.stringify({
      ports: cfgs.map((c) => c.server?.port ?? 8080),
      orPorts: cfgs.map((c) => c.server?.port || 8080),
      certs: cfgs.map((c) => c.server?.tls?.cert ?? 'none'),
      first: cfgs.map((c) => c.list?.[0] ?? -1),
      call: [hooked.hooks?.onStart?.() ?? 'no hook', ({} as Cfg).hooks?.onStart?.() ?? 'no hook'],
      shortCircuit: [(nothing as Cfg | undefined)?.list?.[bump()], sideEffects],
      falsy: [opaque(0) ?? 1, opaque('') ?? 'x', opaque(false) ?? true, opaque(null) ?? 'n', opaque(undefined) ?? 'u'],
    }),
  );
  return 0;
}
