// Date with explicit timestamps (UTC getters, ISO/UTC strings, Date.UTC,
// Date.parse of ISO forms, arithmetic, invalid dates). Date.now() is 0 in the
// engine by design (time is passed in the input), so it is tested separately.
export function fromTimestamps(): number {
  const ts: number[] = JSON.parse(Host.inputString());
  const out = ts.map((t) => {
    const d = new Date(t);
    return [d.toISOString(), d.toUTCString(), d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCDay(), d.getUTCHours(), d.getUTCMilliseconds(), d.valueOf(), d.toJSON()];
  });
  Host.outputString(JSON.stringify(out));
  return 0;
}

export function parse(): number {
  const ss: string[] = JSON.parse(Host.inputString());
  Host.outputString(JSON.stringify(ss.map((s) => Date.parse(s)).map((n) => (Number.isNaN(n) ? 'NaN' : n))));
  return 0;
}

export function arithmetic(): number {
  const d = new Date(Date.UTC(2024, 0, 31, 23, 59, 59, 999));
  d.setUTCMonth(1); // Feb 31 overflows into March
  const leap = new Date(Date.UTC(2024, 1, 29));
  leap.setUTCFullYear(2025);
  const plusDay = new Date(Date.UTC(2020, 11, 31) + 86400000);
  const invalid = new Date(NaN);
  let isoOfInvalid = '';
  try {
    invalid.toISOString();
  } catch (e) {
    isoOfInvalid = (e as Error).name;
  }
  Host.outputString(
    JSON.stringify({
      overflow: d.toISOString(),
      leap: leap.toISOString(),
      plusDay: plusDay.toISOString(),
      utc: [Date.UTC(1970, 0, 1), Date.UTC(99, 0), Date.UTC(-1, 0), Date.UTC(275760, 8, 13)],
      invalid: [String(invalid), invalid.getTime(), JSON.stringify({ d: invalid }), isoOfInvalid],
      max: new Date(8.64e15).toISOString(),
      beyond: new Date(8.64e15 + 1).getTime(),
      diff: new Date('2024-03-01T00:00:00Z').getTime() - new Date('2024-02-01T00:00:00Z').getTime(),
    }),
  );
  return 0;
}

// out-of-range fields in the ISO date-time format make Date.parse return NaN
export function parseOutOfRange(): number {
  const ss = ['2024-13-01', '2024-00-10', '2024-01-32', '2024-01-01T25:00:00Z', '2024-01-01T12:60:00Z'];
  Host.outputString(JSON.stringify(ss.map((s) => Date.parse(s)).map((n) => (Number.isNaN(n) ? 'NaN' : n))));
  return 0;
}

export function now(): number {
  Host.outputString(JSON.stringify([Date.now(), new Date().getTime()]));
  return 0;
}
