// Rejections and promises that never settle are call errors; the instance
// stays usable.
export async function asyncThrows(): Promise<number> {
  await null;
  throw new Error('async failure: ' + Host.inputString());
}

export function rejects(): Promise<number> {
  return Promise.reject(new TypeError('rejected value'));
}

export function rejectsWithString(): Promise<number> {
  return Promise.reject('just a string');
}

export function neverSettles(): Promise<number> {
  return new Promise<number>(() => {});
}

export function ok(): number {
  Host.outputString('ok');
  return 0;
}
