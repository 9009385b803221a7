// Host.inputBytes / Host.outputBytes with arbitrary (non-UTF-8) bytes.
export function reverse(): number {
  const b = new Uint8Array(Host.inputBytes());
  Host.outputBytes(b.slice().reverse().buffer);
  return 0;
}

export function stats(): number {
  const b = new Uint8Array(Host.inputBytes());
  let sum = 0;
  for (const x of b) sum += x;
  Host.outputString(JSON.stringify({ length: b.length, sum, first: b[0] ?? null, last: b[b.length - 1] ?? null }));
  return 0;
}

// inputString on invalid UTF-8 decodes with replacement characters
export function asString(): number {
  Host.outputString(JSON.stringify(Host.inputString()));
  return 0;
}
