// JSON.parse / JSON.stringify round trips of nested input, reviver, key
// order, escapes, Unicode.
export function roundTrip(): number {
  Host.outputString(JSON.stringify(JSON.parse(Host.inputString())));
  return 0;
}

export function reviver(): number {
  const out = JSON.parse(Host.inputString(), (k, v) => (typeof v === 'number' ? v * 2 : k === 'drop' ? undefined : v));
  Host.outputString(JSON.stringify(out));
  return 0;
}

export function parseError(): number {
  try {
    JSON.parse(Host.inputString());
    Host.outputString('parsed');
  } catch (e) {
    Host.outputString((e as Error).name);
  }
  return 0;
}
