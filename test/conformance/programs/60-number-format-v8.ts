// Number formatting compared with V8: the test computes the expected output by
// running lib/number-format.ts in Node over thousands of values.
import { formatNumber } from './lib/number-format';

export function format(): number {
  const xs: string[] = JSON.parse(Host.inputString());
  Host.outputString(JSON.stringify(xs.map((s) => formatNumber(Number(s)))));
  return 0;
}
