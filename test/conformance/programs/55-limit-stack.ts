// The stack limit (config wasmdriver.max_stack_bytes) stops deep recursion;
// the instance recovers, and recursion that fits still works.
function depth(n: number): number {
  return n === 0 ? 0 : 1 + depth(n - 1);
}

export function recurse(): number {
  Host.outputString(String(depth(Number(Host.inputString()))));
  return 0;
}

export function infinite(): number {
  const f = (n: number): number => f(n + 1) + 1;
  return f(0);
}

export function deepJson(): number {
  let o: unknown = 0;
  for (let i = 0; i < 200000; i++) o = [o];
  Host.outputString(JSON.stringify(o).length.toString());
  return 0;
}
