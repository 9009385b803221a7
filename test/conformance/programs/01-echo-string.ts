// Host.inputString / Host.outputString round trip.
export function echo(): number {
  Host.outputString(Host.inputString());
  return 0;
}

export function describe(): number {
  const s = Host.inputString();
  Host.outputString(JSON.stringify({ length: s.length, codePoints: [...s].length, upper: s.toUpperCase() }));
  return 0;
}
