// Shared by the network e2e files: raw calls to wasmnet's socket, reading
// what Docker and the kernel made of a network, and reachability probes
// that stay between the test's own containers.
import assert from 'node:assert/strict';
import { run } from '../helpers/run';
import type { E2EEnv } from '../helpers/e2e-env';
import { join } from 'node:path';
import { instanceTag } from '../../host/linux/link-ownership';
import { STATE_FILE_NAME } from '../../host/state/store';
import { callWasmvol, callWithOversizedBody, type SocketReply } from './volume-socket';

export const WASMNET_SOCKET = '/run/docker/plugins/wasmnet.sock';

export function callWasmnet(method: string, body: string | object): Promise<SocketReply> {
  return callWasmvol(method, body, WASMNET_SOCKET);
}

/** Declares a `declaredBytes` body and sends only its start (see callWithOversizedBody). */
export function callWasmnetOversized(method: string, declaredBytes: number): Promise<SocketReply> {
  return callWithOversizedBody(method, declaredBytes, WASMNET_SOCKET);
}

/** `docker network create -d wasmnet --ipam-driver wasmnet ...args name`. */
export async function createNetwork(env: E2EEnv, name: string, args: readonly string[]): Promise<void> {
  await env.docker(['network', 'create', '-d', 'wasmnet', '--ipam-driver', 'wasmnet', ...args, name]);
}

/** The alias wasmdriver puts on a link it owns, for the daemon under test (see host/linux/link-ownership). */
export function ownerAlias(env: E2EEnv, owner: string): string {
  return `wasmdriver:${instanceTag(join(env.daemon.stateDir, STATE_FILE_NAME))}:${owner}`;
}

export async function networkId(env: E2EEnv, name: string): Promise<string> {
  return (await env.docker(['network', 'inspect', '-f', '{{.ID}}', name])).stdout.trim();
}

/** The bridge wasmnet made for a network, as its EndpointOperInfo or the default name says. */
export async function bridgeOf(env: E2EEnv, name: string): Promise<string> {
  const r = await env.docker(['network', 'inspect', '-f', '{{index .Options "com.docker.network.bridge.name"}}', name]);
  const explicit = r.stdout.trim();
  return explicit !== '' && explicit !== '<no value>' ? explicit : `br-${(await networkId(env, name)).slice(0, 12)}`;
}

export async function ipOf(env: E2EEnv, container: string, network: string): Promise<string> {
  const r = await env.docker(['inspect', '-f', `{{(index .NetworkSettings.Networks "${network}").IPAddress}}`, container]);
  return r.stdout.trim();
}

export async function ip6Of(env: E2EEnv, container: string, network: string): Promise<string> {
  const r = await env.docker(['inspect', '-f', `{{(index .NetworkSettings.Networks "${network}").GlobalIPv6Address}}`, container]);
  return r.stdout.trim();
}

export async function pings(env: E2EEnv, from: string, target: string, family: 4 | 6 = 4): Promise<boolean> {
  const r = await env.docker(['exec', from, family === 6 ? 'ping6' : 'ping', '-c', '1', '-W', '2', target], { allowFailure: true });
  return r.code === 0;
}

/**
 * Like pings, but allows a rebuilt path a few seconds to converge: a
 * container whose earlier pings failed (its neighbour entry went FAILED)
 * resolves the peer again only on a later attempt.
 */
export async function pingsWithin(env: E2EEnv, from: string, target: string, attempts = 5): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await pings(env, from, target)) return true;
  }
  return false;
}

export interface HostLink {
  ifname: string;
  mtu: number;
  master?: string;
  ifalias?: string;
  linkinfo?: { info_kind?: string };
}

/** A link in the host namespace, or undefined. */
export async function hostLink(name: string): Promise<HostLink | undefined> {
  const r = await run(['ip', '-j', '-details', 'link', 'show', 'dev', name], { allowFailure: true });
  if (r.code !== 0) return undefined;
  return (JSON.parse(r.stdout) as HostLink[])[0];
}

/** Host links enslaved to `bridge` (the host ends of its endpoints). */
export async function portsOf(bridge: string): Promise<HostLink[]> {
  const r = await run(['ip', '-j', '-details', 'link', 'show', 'master', bridge], { allowFailure: true });
  return r.code === 0 && r.stdout.trim() !== '' ? (JSON.parse(r.stdout) as HostLink[]) : [];
}

/** Our iptables rules for `bridge` (tagged WASMDRIVER:<bridge>), as `-S` prints them. */
export async function rulesOf(bridge: string, family: 4 | 6, table: 'filter' | 'nat'): Promise<string[]> {
  const r = await run([family === 6 ? 'ip6tables' : 'iptables', '-w', '-t', table, '-S']);
  return r.stdout.split('\n').filter((l) => l.includes(`"WASMDRIVER:${bridge}"`));
}

/** Fails unless the wasmdriver child is alive and still answers plain requests on wasmnet.sock. */
export async function assertServing(env: E2EEnv): Promise<void> {
  const pid = env.daemon.pid;
  assert.ok(pid !== undefined, 'wasmdriver was never started');
  assert.doesNotThrow(() => process.kill(pid, 0), 'wasmdriver exited');
  const caps = await callWasmnet('NetworkDriver.GetCapabilities', {});
  assert.equal(caps.status, 200, caps.body);
  assert.deepEqual(caps.json(), { Scope: 'local', ConnectivityScope: 'local' });
  const spaces = await callWasmnet('IpamDriver.GetDefaultAddressSpaces', '');
  assert.equal(spaces.status, 200, spaces.body);
}

/** Asserts a failed plugin call: non-2xx, a body of exactly `{"Err": ...}` matching `err`. */
export function assertErr(res: SocketReply, err: RegExp, status?: number): void {
  if (status !== undefined) assert.equal(res.status, status, res.body);
  else assert.ok(res.status >= 400, `expected a failure status, got ${res.status}: ${res.body}`);
  const body = res.json();
  assert.deepEqual(Object.keys(body), ['Err'], res.body);
  assert.match(String(body.Err), err);
}

/** Plugin-side time of the wasmnet calls logged since log line `from`: total ms and per call. */
export function pluginTime(env: E2EEnv, from: number): { totalMs: number; calls: Array<[string, number]>; hooks: Array<[string, number]> } {
  const calls: Array<[string, number]> = [];
  const hooks: Array<[string, number]> = [];
  for (const l of env.daemon.lines.slice(from)) {
    if (l.plugin === 'wasmnet' && l.msg === 'docker plugin call' && typeof l.ms === 'number') calls.push([String(l.call), l.ms]);
    const d = l.decision as { hook?: string; durationUs?: number } | undefined;
    if (d?.hook && typeof d.durationUs === 'number') hooks.push([d.hook, d.durationUs / 1000]);
  }
  return { totalMs: Math.round(calls.reduce((s, [, ms]) => s + ms, 0) * 10) / 10, calls, hooks };
}
