// The built-in policy: what Docker's bridge driver and default IPAM do.
// Every hook another policy leaves out falls back to this one.
import { hook, nextFreeAddress } from 'wasmdriver/sdk';

// Automatic pools when the user gives no --subnet, first fit.
export const selectPool = hook('selectPool', (input) => {
  if (input.requestedPool !== '') {
    return input.requestedSubPool !== '' ? { pool: input.requestedPool, subPool: input.requestedSubPool } : { pool: input.requestedPool };
  }
  const pool = input.defaultPools[0];
  if (pool === undefined) throw new Error('no --subnet given and no default address pool is configured');
  return { pool };
});

// Lowest free address; the gateway is asked for first, so it gets .1.
export const assignAddress = hook('assignAddress', (input) => {
  if (input.requestedAddress !== '') return { address: input.requestedAddress };
  const address = nextFreeAddress();
  if (address === null) throw new Error(`address pool ${input.subPool || input.pool} is exhausted`);
  return { address };
});

export const bridgeName = hook('bridgeName', (input) => ({
  name: input.options['com.docker.network.bridge.name'] ?? `br-${input.networkId.slice(0, 12)}`,
}));

const HEX = '0123456789abcdef';

// Docker names both veth ends "veth" + 7 random hex characters; a policy
// has no entropy source worth the name, so the endpoint ID (already
// random, from dockerd) provides it.
export const interfaceName = hook('interfaceName', (input) => {
  const id = input.endpointId.toLowerCase();
  const pick = (from: number) => {
    let out = '';
    for (let i = from; out.length < 7 && i < id.length; i++) if (HEX.includes(id[i]!)) out += id[i];
    return out.padEnd(7, '0');
  };
  return { hostName: `veth${pick(0)}`, containerName: `veth${pick(7)}`, dstPrefix: input.options['com.docker.network.container_iface_prefix'] ?? 'eth' };
});

export const admitNetwork = hook('admitNetwork', () => ({ allow: true }));
export const admitEndpoint = hook('admitEndpoint', () => ({ allow: true }));

export const volumePath = hook('volumePath', (input) => ({ path: input.name }));
export const admitVolume = hook('admitVolume', () => ({ allow: true }));
