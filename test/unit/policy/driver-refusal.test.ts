// A refused decision stops the driver before any privileged operation: the
// network driver runs on a recording fake of the kernel, with the real
// runtime and a hostile compiled policy, and the fake must see no call.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WasmdriverError } from '../../../host/errors';
import { createNetworkDriver, type WasmnetNetworkDriver } from '../../../host/drivers/network/network-driver';
import type { NetworkLinux } from '../../../host/drivers/network/linux-port';
import { openStateStore, type StateStore } from '../../../host/state/store';
import { fixture, openRuntime, type TestRuntime } from './helpers';

/**
 * Records every kernel operation asked for and changes nothing. A proxy, so
 * an operation added to the port later is recorded too, not missed.
 */
function recordingLinux(): NetworkLinux & { calls: string[] } {
  const calls: string[] = [];
  const answers: Record<string, unknown> = { linkExists: false, listOwnedLinks: [] };
  return new Proxy({ calls } as NetworkLinux & { calls: string[] }, {
    get(target, name) {
      if (name === 'calls') return target.calls;
      if (typeof name !== 'string' || name === 'then') return undefined;
      return async (...args: unknown[]) => {
        calls.push(`${name} ${JSON.stringify(args)}`);
        return answers[name];
      };
    },
  });
}

let rt: TestRuntime;
let stateDir: string;
let store: StateStore;
before(async () => {
  rt = await openRuntime({ hostile: fixture('hostile-outputs') });
  stateDir = mkdtempSync(join(tmpdir(), 'wd-policy-state-'));
  store = openStateStore(stateDir);
});
after(async () => {
  store.close();
  rmSync(stateDir, { recursive: true, force: true });
  await rt.close();
});

function driver(linux: NetworkLinux): WasmnetNetworkDriver {
  return createNetworkDriver({ store, policy: rt.runtime, linux, logger: rt.log.logger });
}

const createRequest = (networkId: string, generic: Record<string, string>) => ({
  NetworkID: networkId,
  Options: {
    'com.docker.network.generic': { policy: 'hostile', 'hostile.admitNetwork': '{"allow":true}', ...generic },
    'com.docker.network.enable_ipv4': true,
    'com.docker.network.enable_ipv6': false,
    'com.docker.network.internal': false,
  },
  IPv4Data: [{ AddressSpace: 'wasmnet-local', Pool: '10.55.0.0/24', Gateway: '10.55.0.1/24' }],
  IPv6Data: [],
});

const HOSTILE_BRIDGES: [string, RegExp][] = [
  ['{"name":"br/../../eth0"}', /bridge name "br\/..\/..\/eth0" may only contain/],
  ['{"name":"br-this-is-far-too-long"}', /is longer than 15 bytes/],
  ['{"name":42}', /output\.name: Expected string/],
  ['not json', /output is not JSON/],
];

for (const [raw, reason] of HOSTILE_BRIDGES) {
  test(`createNetwork with bridgeName ${raw} touches nothing`, async () => {
    const linux = recordingLinux();
    const id = raw.length.toString(16).padStart(64, 'b');
    await assert.rejects(driver(linux).createNetwork(createRequest(id, { 'hostile.bridgeName': raw }) as never), (err: unknown) => {
      assert.ok(err instanceof WasmdriverError && err.kind === 'policy', String(err));
      assert.ok(err.message.startsWith('policy "hostile" (bridgeName): '), err.message);
      assert.match(err.message, reason);
      return true;
    });
    assert.deepEqual(linux.calls, [], 'a kernel operation ran for a refused decision');
    assert.equal(store.networks.get(id), undefined, 'state was written for a refused decision');
  });
}

test('an admission answer of the wrong type touches nothing', async () => {
  const linux = recordingLinux();
  const id = 'a'.repeat(64);
  await assert.rejects(driver(linux).createNetwork(createRequest(id, { 'hostile.admitNetwork': '{"allow":"yes"}' }) as never), /policy "hostile" \(admitNetwork\): output\.allow: Expected boolean/);
  assert.deepEqual(linux.calls, []);
});

test('the same driver and fake do reach the kernel for a valid decision', async () => {
  // Guards the tests above: without a refusal, the fake does record calls.
  const linux = recordingLinux();
  const id = 'c'.repeat(64);
  await driver(linux).createNetwork(createRequest(id, { 'hostile.bridgeName': '{"name":"br-valid"}' }) as never);
  assert.ok(linux.calls.some((c) => c.startsWith('ensureBridge ["br-valid"')), linux.calls.join('\n'));
  assert.equal(store.networks.get(id)?.bridgeName, 'br-valid');
});
