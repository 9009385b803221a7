// BigInt arithmetic: + - * / % ** (truncating division), shifts, bitwise,
// asIntN/asUintN, comparisons with numbers, mixing errors.
export function ops(): number {
  const [as, bs]: [string, string] = JSON.parse(Host.inputString());
  const a = BigInt(as);
  const b = BigInt(bs);
  const r: Record<string, string> = {
    add: String(a + b),
    sub: String(a - b),
    mul: String(a * b),
    div: b === 0n ? 'n/a' : String(a / b),
    mod: b === 0n ? 'n/a' : String(a % b),
    and: String(a & b),
    or: String(a | b),
    xor: String(a ^ b),
    not: String(~a),
    shl: String(a << 7n),
    shr: String(a >> 3n),
    neg: String(-a),
    cmp: String([a < b, a === b, a > b]),
    asInt64: String(BigInt.asIntN(64, a * b)),
    asUint8: String(BigInt.asUintN(8, a)),
  };
  Host.outputString(JSON.stringify(r));
  return 0;
}

export function pow(): number {
  const [base, exp]: [string, number] = JSON.parse(Host.inputString());
  Host.outputString(String(BigInt(base) ** BigInt(exp)));
  return 0;
}

export function mixed(): number {
  const out: string[] = [];
  const tryIt = (f: () => unknown): void => {
    try {
      out.push(String(f()));
    } catch (e) {
      out.push((e as Error).name);
    }
  };
  tryIt(() => (1n as unknown as number) + 1);
  tryIt(() => 1n / 0n);
  tryIt(() => BigInt(1.5));
  tryIt(() => BigInt('0x1F'));
  tryIt(() => BigInt(' 12 '));
  tryIt(() => BigInt('1e3'));
  tryIt(() => 2n > 1);
  tryIt(() => 1n == (1 as unknown as bigint));
  tryIt(() => typeof 1n);
  tryIt(() => Number(2n ** 64n));
  tryIt(() => 2n ** -1n);
  tryIt(() => Math.max(1n as unknown as number));
  Host.outputString(JSON.stringify(out));
  return 0;
}
