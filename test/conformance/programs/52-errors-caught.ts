// try/catch/finally control flow, rethrow, nested finally ordering, optional
// catch binding, Error.cause is not ES2020 so only message/name are used.
export function run(): number {
  const seen: string[] = [];
  const f = (): string => {
    try {
      seen.push('try');
      throw new TypeError('inner');
    } catch (e) {
      seen.push(`catch ${(e as Error).name}`);
      return 'from catch';
    } finally {
      seen.push('finally');
    }
  };
  const overriding = (): string => {
    try {
      return 'try';
    } finally {
      // eslint-disable-next-line no-unsafe-finally
      seen.push('override');
    }
  };
  let rethrown = '';
  try {
    try {
      (null as unknown as object).toString();
    } catch (e) {
      throw new Error(`wrapped: ${(e as Error).name}`);
    }
  } catch (e) {
    rethrown = (e as Error).message;
  }
  let optional = 'no';
  try {
    JSON.parse('{');
  } catch {
    optional = 'yes';
  }
  const r = f();
  Host.outputString(JSON.stringify({ r, o: overriding(), seen, rethrown, optional }));
  return 0;
}

export function throwInFinally(): number {
  try {
    throw new Error('first');
  } finally {
    // eslint-disable-next-line no-unsafe-finally
    throw new Error('from finally');
  }
}
