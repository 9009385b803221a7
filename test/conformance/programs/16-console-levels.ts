// console.* reach the host logger at the matching level.
export function levels(): number {
  console.log('log line');
  console.info('info line');
  console.warn('warn line');
  console.error('error line');
  console.debug('debug line');
  Host.outputString('done');
  return 0;
}

export function formatting(): number {
  console.log('several', 'args', 1, true, null, undefined);
  console.log({ a: [1, 2], b: 'x' });
  console.info([1, 'two']);
  console.warn(10n);
  console.log('unicode ✓ 🚀');
  Host.outputString('done');
  return 0;
}

export function errorObject(): number {
  console.error(String(new RangeError('out of range')));
  Host.outputString('done');
  return 0;
}
