// Number parsing compared with V8: Number(s), parseFloat(s) and +s over
// thousands of strings, compared as exact bit patterns.
import { parseNumber } from './lib/number-format';

export function parse(): number {
  const ss: string[] = JSON.parse(Host.inputString());
  Host.outputString(JSON.stringify(ss.map(parseNumber)));
  return 0;
}
