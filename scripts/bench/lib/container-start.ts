// Container start-up through a real dockerd: `docker run --rm IMAGE true`
// with the plugin under test against the same with Docker's built-in
// equivalent, alternating, plus the plugin's own time per container: the
// sum of the daemon's per-call `ms` (its "docker plugin call" debug lines)
// over every request one start causes.
import { TEST_LABEL, setupE2E, type E2EEnv } from '../../../test/helpers/e2e-env';
import { alternate, compare, intOption, newResult, sleep, summarize, target, timeMs } from './bench';
import { waitForDockerTurn } from './exclusive';

/** Calls the removal of a container causes, as opposed to its start. */
const TEARDOWN_CALLS = new Set([
  'NetworkDriver.Leave', 'NetworkDriver.DeleteEndpoint', 'NetworkDriver.RevokeExternalConnectivity', 'IpamDriver.ReleaseAddress',
  'VolumeDriver.Unmount',
]);

export interface ContainerBenchSpec {
  name: string;
  title: string;
  plugin: 'wasmnet' | 'wasmvol';
  candidateLabel: string;
  baselineLabel: string;
  /** Creates both objects; returns the `docker run` arguments of each side and how to remove them. */
  prepare(env: E2EEnv): Promise<{ candidate: string[]; baseline: string[]; remove(): Promise<void> }>;
  pluginTimeLimitMs?: number;
}

export async function containerStartBench(spec: ContainerBenchSpec): Promise<void> {
  const n = intOption('n', 30);
  const warmup = intOption('warmup', 3, 0);
  const result = newResult(spec.name, spec.title, { n, warmup });
  await waitForDockerTurn();
  const env = await setupE2E();
  let failure: unknown;
  try {
    const sides = await spec.prepare(env);
    try {
      const start = (args: string[]) => timeMs(() => env.docker(['run', '--rm', '--label', TEST_LABEL, ...args, env.image, 'true']));
      const marks: number[] = [];
      const alt = await alternate({
        n,
        warmup,
        candidate: (round) => {
          if (round >= 0) marks.push(env.daemon.lines.length);
          return start(sides.candidate);
        },
        baseline: () => start(sides.baseline),
        progress: spec.name,
      });
      // Lines still in the pipe belong to the last start.
      await sleep(1000);
      marks.push(env.daemon.lines.length);
      const c = compare('ms', { label: spec.candidateLabel, samples: alt.candidate }, { label: spec.baselineLabel, samples: alt.baseline });
      result.comparisons['docker run --rm … true'] = c;
      result.targets.push(target('container start, median ratio', c.ratio.median, 'ratio', 1.05));

      // `docker run --rm` both starts and removes the container; the target
      // is about what a start costs, so the teardown calls are summed apart.
      const perContainer: number[] = [];
      const perStart: number[] = [];
      const perCall = new Map<string, number[]>();
      let calls = 0;
      for (let i = 0; i + 1 < marks.length; i++) {
        let sum = 0;
        let startSum = 0;
        for (const line of env.daemon.lines.slice(marks[i], marks[i + 1])) {
          if (line.plugin !== spec.plugin || line.msg !== 'docker plugin call' || typeof line.ms !== 'number') continue;
          sum += line.ms;
          if (!TEARDOWN_CALLS.has(String(line.call))) startSum += line.ms;
          calls++;
          const name = String(line.call);
          perCall.set(name, [...(perCall.get(name) ?? []), line.ms]);
        }
        perContainer.push(sum);
        perStart.push(startSum);
      }
      const own = summarize(perContainer);
      const ownStart = summarize(perStart);
      result.figures[`${spec.plugin} own time per container start (teardown calls excluded), median`] = { value: ownStart.median, unit: 'ms' };
      result.figures[`${spec.plugin} own time per container start, p99`] = { value: ownStart.p99, unit: 'ms' };
      result.figures[`${spec.plugin} own time per container, median`] = { value: own.median, unit: 'ms' };
      result.figures[`${spec.plugin} own time per container, p90`] = { value: own.p90, unit: 'ms' };
      result.figures[`${spec.plugin} own time per container, p99`] = { value: own.p99, unit: 'ms' };
      result.figures[`${spec.plugin} requests per container`] = { value: calls / Math.max(1, perContainer.length), unit: '' };
      for (const [name, ms] of [...perCall].sort(([a], [b]) => a.localeCompare(b))) {
        const s = summarize(ms);
        result.figures[`  ${name} (${ms.length}×), median / p99`] = { value: s.median, unit: `ms / ${s.p99.toFixed(1)} ms` };
      }
      if (spec.pluginTimeLimitMs !== undefined) result.targets.push(target(`${spec.plugin} own time per container start, median`, ownStart.median, 'ms', spec.pluginTimeLimitMs));
      result.notes.push(`dockerd ${env.engine.startedByUs ? 'started by the benchmark (own data and exec roots)' : `already running at ${env.engine.host}`}`);
    } finally {
      await sides.remove();
    }
  } catch (err) {
    failure = err;
  } finally {
    try {
      await env.cleanup();
    } catch (err) {
      failure ??= err;
    }
  }
  if (failure) throw failure;
  result.finish();
}
