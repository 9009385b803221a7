// TextDecoder: valid input, invalid sequences (replacement), fatal mode, BOM.
const decodeHex = (h: string, opts?: { fatal?: boolean; ignoreBOM?: boolean }): string => {
  const bytes = new Uint8Array(h.length === 0 ? [] : h.split(' ').map((x) => parseInt(x, 16)));
  return new TextDecoder('utf-8', opts).decode(bytes);
};
const codes = (s: string): string[] => [...s].map((c) => c.codePointAt(0)!.toString(16));

export function decode(): number {
  const cases: string[] = JSON.parse(Host.inputString());
  Host.outputString(JSON.stringify(cases.map((h) => codes(decodeHex(h)))));
  return 0;
}

export function fatal(): number {
  const cases: string[] = JSON.parse(Host.inputString());
  const out = cases.map((h) => {
    try {
      return codes(decodeHex(h, { fatal: true }));
    } catch (e) {
      return e instanceof TypeError ? 'TypeError' : 'other';
    }
  });
  Host.outputString(JSON.stringify(out));
  return 0;
}

export function bom(): number {
  Host.outputString(
    JSON.stringify([
      codes(decodeHex('ef bb bf 41')),
      codes(decodeHex('ef bb bf 41', { ignoreBOM: true })),
      codes(decodeHex('41 ef bb bf')),
      new TextDecoder().encoding,
      new TextDecoder('UTF8').encoding,
      new TextDecoder().decode(),
    ]),
  );
  return 0;
}

export function unsupported(): number {
  try {
    new TextDecoder('latin1-nope');
    Host.outputString('accepted');
  } catch (e) {
    Host.outputString((e as Error).name);
  }
  return 0;
}
