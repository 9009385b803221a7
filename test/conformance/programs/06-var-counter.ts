// Var keeps values across calls on one plugin instance.
export function increment(): number {
  const n = Number(Var.getString('count') ?? '0') + 1;
  Var.set('count', String(n));
  Host.outputString(String(n));
  return 0;
}

export function read(): number {
  Host.outputString(JSON.stringify(Var.getString('count')));
  return 0;
}

export function append(): number {
  const prev = Var.getString('log') ?? '';
  const next = prev + Host.inputString();
  Var.set('log', next);
  Host.outputString(next);
  return 0;
}
