// Number odds and ends: radix toString of fractions, Number.* predicates,
// parseInt, coercions, integer edge arithmetic, % and ** semantics.
const show = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));

export function run(): number {
  Host.outputString(
    JSON.stringify({
      radixInt: [(255).toString(2), (-255).toString(16), (2 ** 31).toString(16), (-(2 ** 31) - 1).toString(2), (2 ** 40).toString(36)],
      predicates: [Number.isInteger(5.0), Number.isInteger(5.5), Number.isSafeInteger(2 ** 53), Number.isNaN('x' as unknown as number), isNaN('x' as unknown as number), Number.isFinite('1' as unknown as number)],
      constants: [Number.EPSILON, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE, Number.MAX_VALUE].map(show),
      parseInt: [parseInt('  -0x1f'), parseInt('08'), parseInt('1e3'), parseInt('123', 5), parseInt('', 10), parseInt('9007199254740993'), parseInt('0.0000005'), parseInt(0.0000005 as unknown as string)].map(show),
      coercion: [Number(''), Number(' '), Number(null), Number(undefined), Number([]), Number([5]), Number([1, 2]), Number(true), Number('1_0'), +'0b11', +'-0x1'].map(show),
      arith: [0.1 + 0.2, 2 ** 53 + 1, -7 % 3, 7 % -3, -0 % 5, 5 % 0, 2 ** -1, (-2) ** 2, 1 / -0, 0 / 0, 9007199254740992 * 3].map(show),
      bitwise: [~~3.7, -1 >>> 0, 1 << 31, 2 ** 32 | 0, 5 >> 1, -5 >> 1, -5 >>> 28].map(show),
      toStringExp: [1e21, 1e-7, 123e-20, -1e-7, 1.7976931348623157e308, 2 ** -1074].map(show),
    }),
  );
  return 0;
}

// toString(radix) of fractions and of integers at or beyond 2^53
export function radix(): number {
  Host.outputString(
    JSON.stringify([
      (2 ** 53).toString(36),
      (1e21).toString(7),
      (0.5).toString(2),
      (0.1).toString(2),
      (3.75).toString(16),
      (-0.25).toString(4),
      (1 / 3).toString(3),
    ]),
  );
  return 0;
}
