// Policies are ES modules, so they run in strict mode (esbuild emits
// "use strict" for this project because its tsconfig sets "strict").
export function run(): number {
  const out: string[] = [];
  const attempt = (f: () => unknown): void => {
    try {
      out.push(String(f()));
    } catch (e) {
      out.push((e as Error).name);
    }
  };
  attempt(function (this: unknown) {
    return typeof this;
  });
  attempt(() => {
    // @ts-expect-error assignment to an undeclared variable
    undeclaredVariable = 1;
    return 'created a global';
  });
  attempt(() => {
    (Object.freeze({ a: 1 }) as { a: number }).a = 2;
    return 'ignored';
  });
  attempt(() => {
    const s = 'abc' as unknown as { length: number };
    s.length = 1;
    return 'ignored';
  });
  Host.outputString(JSON.stringify(out));
  return 0;
}
