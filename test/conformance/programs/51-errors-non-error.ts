// Values that are not Error objects can be thrown too; the host sees
// String(value).
export function throwString(): number {
  throw 'a plain string';
}
export function throwNumber(): number {
  throw 42;
}
export function throwObject(): number {
  throw { code: 1 };
}
export function throwObjectWithToString(): number {
  throw { toString: () => 'custom toString' };
}
export function throwNull(): number {
  throw null;
}
export function throwUndefined(): number {
  throw undefined;
}
export function throwArray(): number {
  throw [1, 'two'];
}
export function throwUnicode(): number {
  throw new Error('échec ✗ 🚫 ' + Host.inputString());
}
export function ok(): number {
  Host.outputString('still ok');
  return 0;
}
