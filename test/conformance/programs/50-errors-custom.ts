// Custom error classes: the name property decides the prefix of the message;
// a class without its own name reports "Error".
class PolicyDenied extends Error {
  constructor(readonly reason: string) {
    super(`denied: ${reason}`);
    this.name = 'PolicyDenied';
  }
}

class Unnamed extends Error {}

class Coded extends Error {
  override name = 'Coded';
  constructor(readonly code: number) {
    super(`code ${code}`);
  }
  override toString(): string {
    return `${this.name}[${this.code}]`;
  }
}

export function denied(): number {
  throw new PolicyDenied(Host.inputString());
}

export function unnamed(): number {
  throw new Unnamed('no name of its own');
}

export function coded(): number {
  throw new Coded(7);
}

export function inspect(): number {
  const e = new PolicyDenied('x');
  Host.outputString(
    JSON.stringify([e instanceof PolicyDenied, e instanceof Error, e.name, e.message, String(e), Object.prototype.toString.call(e), typeof e.stack]),
  );
  return 0;
}

export function emptyMessage(): number {
  throw new Error();
}
