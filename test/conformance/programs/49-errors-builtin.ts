// Built-in errors thrown by the engine reach the host as Extism errors whose
// message is String(error): "<Name>: <message>".
export function typeError(): number {
  const o = JSON.parse(Host.inputString()) as { a?: { b: number } };
  Host.outputString(String(o.a!.b));
  return 0;
}

export function rangeError(): number {
  Host.outputString((1.5).toFixed(101));
  return 0;
}

export function syntaxError(): number {
  JSON.parse('{bad json');
  return 0;
}

export function referenceError(): number {
  // @ts-expect-error deliberately undefined
  return notDefinedAnywhere;
}

export function explicit(): number {
  throw new Error(Host.inputString());
}

export function uriError(): number {
  decodeURIComponent('%E0%A4%A');
  return 0;
}
