// Fakes for driving the volume driver without root: a scripted policy, and
// kernel operations that only record mounts (the kernel tier uses real ones).
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import pino from 'pino';
import { WasmdriverError, invalid, type ErrorKind } from '../../../host/errors';
import { createVolumeDriver, type MountOps, type WasmvolDriver } from '../../../host/drivers/volume';
import type { DecisionContext, PolicyChoice, PolicyDecider } from '../../../host/policy/decider';
import type { HookName } from '../../../host/policy/hook-contract';
import { openStateStore, type StateStore } from '../../../host/state/store';

export interface DecisionCall {
  hook: HookName;
  choice: PolicyChoice;
  input: Record<string, unknown>;
  ctx: DecisionContext | undefined;
}

/** Answers like the default policy (path = name, allow) unless a test overrides a hook. */
export class FakeDecider implements PolicyDecider {
  readonly calls: DecisionCall[] = [];
  answers: Partial<Record<HookName, (input: Record<string, unknown>) => unknown>> = {};

  choose(options: { policy?: string | undefined; tenant?: string | undefined }): PolicyChoice {
    const policy = options.policy ?? 'default';
    if (!['default', 'strict'].includes(policy)) throw invalid(`unknown policy "${policy}"`);
    return { policy, tenant: options.tenant ?? '' };
  }

  async decide(hook: HookName, choice: PolicyChoice, input: object, ctx?: DecisionContext): Promise<never> {
    const record = input as Record<string, unknown>;
    this.calls.push({ hook, choice, input: record, ctx });
    const scripted = this.answers[hook];
    if (scripted) return scripted(record) as never;
    if (hook === 'volumePath') return { path: record.name } as never;
    if (hook === 'admitVolume') return { allow: true } as never;
    throw new Error(`FakeDecider: unexpected hook ${hook}`);
  }
}

/** Records mounts by target; a target's list is its stack of sources. */
export class FakeMountOps implements MountOps {
  readonly mounts = new Map<string, string[]>();
  readonly log: string[] = [];
  failNextMount = false;

  async bind(source: string, target: string) {
    this.#mount('bind', source, target);
  }
  async mountImage(image: string, target: string) {
    this.#mount('loop', image, target);
  }
  async makeImage(image: string, sizeBytes: number) {
    this.log.push(`mkfs ${image} ${sizeBytes}`);
    const fh = await open(image, 'wx');
    await fh.truncate(sizeBytes);
    await fh.close();
  }
  async unmount(target: string, opts?: { lazy?: boolean }) {
    const stack = this.mounts.get(target);
    this.log.push(`umount${opts?.lazy ? ' -l' : ''} ${target}`);
    stack?.pop();
    if (stack?.length === 0) this.mounts.delete(target);
  }
  async mountpointsUnder(dir: string) {
    return [...this.mounts.entries()].filter(([t]) => t === dir || t.startsWith(`${dir}/`)).flatMap(([t, s]) => s.map(() => t));
  }
  #mount(kind: string, source: string, target: string) {
    if (this.failNextMount) {
      this.failNextMount = false;
      throw new WasmdriverError('system', `failed to mount "${source}" on "${target}": injected`);
    }
    const stack = this.mounts.get(target) ?? [];
    // Like the real helpers: already mounted from this source is success.
    if (stack.at(-1) === source) return;
    stack.push(source);
    this.mounts.set(target, stack);
    this.log.push(`${kind} ${source} ${target}`);
  }
}

export interface Fixture {
  dir: string;
  dataRoot: string;
  mountRoot: string;
  stateDir: string;
  store: StateStore;
  policy: FakeDecider;
  ops: FakeMountOps;
  driver: WasmvolDriver;
  /** A new driver on a reopened store: what a daemon restart sees. */
  restart(): WasmvolDriver;
}

export interface FixtureOptions {
  /** Real kernel operations (kernel tier) instead of the recording fake. */
  mountOps?: MountOps;
}

export function fixture(t: TestContext, opts: FixtureOptions = {}): Fixture {
  const dir = mkdtempSync(path.join(tmpdir(), 'wasmvol-unit-'));
  let store: StateStore | undefined;
  t.after(async () => {
    store?.close();
    // Unmount first: rm -r would otherwise delete through a leftover mount.
    const real = opts.mountOps;
    if (real) for (const m of (await real.mountpointsUnder(dir)).reverse()) await real.unmount(m, { lazy: true });
    rmSync(dir, { recursive: true, force: true });
  });
  const stateDir = path.join(dir, 'state');
  store = openStateStore(stateDir, { durability: 'normal' });
  const f: Fixture = {
    dir,
    dataRoot: path.join(dir, 'lib', 'volumes'),
    mountRoot: path.join(dir, 'run', 'mounts'),
    stateDir,
    store,
    policy: new FakeDecider(),
    ops: new FakeMountOps(),
    driver: undefined as unknown as WasmvolDriver,
    restart() {
      store?.close();
      store = openStateStore(stateDir, { durability: 'normal' });
      f.store = store;
      f.driver = make();
      return f.driver;
    },
  };
  const make = () =>
    createVolumeDriver({ store: f.store, policy: f.policy, dataRoot: f.dataRoot, mountRoot: f.mountRoot, logger: pino({ level: 'silent' }), mountOps: opts.mountOps ?? f.ops });
  f.driver = make();
  return f;
}

export const isError = (kind: ErrorKind, text: string | RegExp) => (err: unknown) => {
  if (!(err instanceof WasmdriverError)) throw new Error(`expected a WasmdriverError, got ${String(err)}`);
  if (err.kind !== kind) throw new Error(`expected kind ${kind}, got ${err.kind}: ${err.message}`);
  if (typeof text === 'string' ? !err.message.includes(text) : !text.test(err.message)) throw new Error(`unexpected message: ${err.message}`);
  return true;
};
