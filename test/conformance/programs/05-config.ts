// Config.get: present, absent, empty and Unicode values.
export function get(): number {
  const keys: string[] = JSON.parse(Host.inputString());
  const out: Record<string, string | null> = {};
  for (const k of keys) out[k] = Config.get(k);
  Host.outputString(JSON.stringify(out));
  return 0;
}

export function typeOfMissing(): number {
  const v = Config.get('no-such-key');
  Host.outputString(`${v === null}:${typeof v}`);
  return 0;
}
