// Many decisions through the runtime without an error, one log line each,
// with RSS flat after warm-up (the median of the last samples within 10%
// of the first ones). The full 1,000,000-decision run (several
// minutes) needs WASMDRIVER_SOAK=1; otherwise a short run checks the same
// path and leaves RSS alone, which has not settled that early.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSoak } from '../../../scripts/bench/policy-soak';

const FULL = process.env.WASMDRIVER_SOAK === '1';
const DECISIONS = FULL ? 1_000_000 : 20_000;

test(`${DECISIONS} decisions through PolicyRuntime.decide${FULL ? ' keep RSS within 10%' : ''}`, { timeout: 60 * 60_000 }, async () => {
  const result = await runSoak(DECISIONS);
  const MiB = (n: number) => (n / 1024 / 1024).toFixed(1);
  console.log(
    `${result.decisions} decisions in ${result.seconds.toFixed(1)} s, p50 ${result.p50Us.toFixed(1)} us, p99 ${result.p99Us.toFixed(1)} us; ` +
      `rss ${MiB(result.rssBaseline)} MiB after warm-up, ${MiB(result.rssEnd)} MiB at the end (${(result.rssGrowth * 100).toFixed(1)}%), ` +
      `highest ${MiB(result.rssMax)} MiB (${(result.rssPeak * 100).toFixed(1)}%)`,
  );
  // runSoak throws on the first failed decision; every decision is logged once.
  assert.ok(result.logLines >= DECISIONS, `${result.logLines} log lines for ${DECISIONS} decisions`);
  if (FULL) assert.ok(Math.abs(result.rssGrowth) <= 0.1, `RSS moved ${(result.rssGrowth * 100).toFixed(1)}% after warm-up`);
});
