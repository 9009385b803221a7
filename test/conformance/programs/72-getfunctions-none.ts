// A program without an interface file: Host.getFunctions() is an empty,
// frozen object, and nothing is imported from extism:host/user.
export function run(): number {
  const fns = Host.getFunctions() as unknown as Record<string, unknown>;
  Host.outputString(JSON.stringify({ keys: Object.keys(fns), frozen: Object.isFrozen(fns) }));
  return 0;
}
