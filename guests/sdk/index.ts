// What policy authors import: typed hook definitions and host questions.
//
//   import { hook } from 'wasmdriver/sdk';
//   export const bridgeName = hook('bridgeName', (input) => ({ name: `br-${input.networkId.slice(0, 12)}` }));
import type { HookName, HookInput, HookOutput } from './hooks';

export type * from './hooks';
export { isAddressFree, nextFreeAddress, takenAddressCount, tenantVolumeCount, tenantVolumeBytes } from './host-functions';

/**
 * Turns a typed function into a hook export: the JSON input is parsed, the
 * result is written back as JSON. Throwing refuses the request; the message
 * reaches the user through Docker.
 */
export function hook<H extends HookName>(_name: H, decide: (input: HookInput<H>) => HookOutput<H>): () => number {
  return () => {
    const input = JSON.parse(Host.inputString()) as HookInput<H>;
    Host.outputString(JSON.stringify(decide(input)));
    return 0;
  };
}
