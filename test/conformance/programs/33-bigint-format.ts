// BigInt formatting: toString in every radix, large values, JSON of BigInt
// (TypeError), factorials, BigInt64Array.
export function radix(): number {
  const n = BigInt(Host.inputString());
  const out: string[] = [];
  for (let r = 2; r <= 36; r++) out.push(n.toString(r));
  Host.outputString(JSON.stringify(out));
  return 0;
}

export function factorial(): number {
  let f = 1n;
  const n = Number(Host.inputString());
  for (let i = 2n; i <= BigInt(n); i++) f *= i;
  const s = f.toString();
  Host.outputString(`${s.length}:${s.slice(0, 20)}:${s.slice(-20)}`);
  return 0;
}

export function misc(): number {
  let json = '';
  try {
    json = JSON.stringify({ a: 1n });
  } catch (e) {
    json = (e as Error).name;
  }
  const arr = new BigInt64Array([-1n, 2n ** 63n - 1n]);
  const uarr = new BigUint64Array([-1n as bigint]);
  Host.outputString(
    JSON.stringify({
      json,
      arr: [...arr].map(String),
      uarr: [...uarr].map(String),
      parsed: [BigInt('-0').toString(), BigInt('0b1010').toString(), BigInt('0o777').toString(), BigInt('').toString()],
      locale: (12345n).toString(),
      string: String(-(2n ** 100n)),
    }),
  );
  return 0;
}
