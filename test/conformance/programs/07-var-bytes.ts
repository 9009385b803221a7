// Var with binary values, overwrite, missing names, Unicode names and values.
export function store(): number {
  Var.set('bin', new Uint8Array([0, 255, 128, 7]).buffer);
  Var.set('text', 'héllo 🌍');
  Var.set('ünï', 'named');
  Var.set('over', 'one');
  Var.set('over', 'two');
  Host.outputString('stored');
  return 0;
}

export function load(): number {
  const bin = Var.getBytes('bin');
  const textBytes = Var.getBytes('text');
  Host.outputString(
    JSON.stringify({
      bin: bin ? [...new Uint8Array(bin)] : null,
      text: Var.getString('text'),
      textBytes: textBytes ? new Uint8Array(textBytes).length : null,
      named: Var.getString('ünï'),
      over: Var.getString('over'),
      missing: [Var.getString('missing'), Var.getBytes('missing')],
    }),
  );
  return 0;
}
