// Catastrophic backtracking is stopped by the operation budget; the instance
// keeps working afterwards.
export function evil(): number {
  const n = Number(Host.inputString() || '40');
  Host.outputString(String(/^(a+)+$/.test('a'.repeat(n) + 'b')));
  return 0;
}

export function nestedAlternation(): number {
  Host.outputString(String(/^(a|aa|aaa)*c$/.test('a'.repeat(60))));
  return 0;
}

export function benign(): number {
  Host.outputString(String(/^(a+)+$/.test('aaaa')));
  return 0;
}
