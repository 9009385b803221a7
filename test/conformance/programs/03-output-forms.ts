// The forms output can take, and what the last call of outputX leaves.
export function typedArrayOutput(): number {
  // a view on part of a larger buffer: only the view's bytes are output
  const big = new Uint8Array([120, 65, 66, 67, 121]);
  Host.outputBytes(big.subarray(1, 4) as unknown as ArrayBuffer);
  return 0;
}

export function lastWins(): number {
  Host.outputString('first');
  Host.outputString('second');
  return 0;
}

export function noOutput(): number {
  return 0;
}

export function emptyOutput(): number {
  Host.outputString('');
  return 0;
}

export function bytesThenString(): number {
  Host.outputBytes(new Uint8Array([0, 1, 2]).buffer);
  Host.outputString('text');
  return 0;
}

export function large(): number {
  const n = Number(Host.inputString());
  Host.outputString('ab'.repeat(n));
  return 0;
}
