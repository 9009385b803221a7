// The policy contract: every hook's input and output, defined once. The
// host validates guest output against these schemas; policy authors get the
// derived types (import type only: TypeBox never enters a guest bundle).
import { Type, type Static, type TSchema } from '@sinclair/typebox';

const StringMap = Type.Record(Type.String(), Type.String());
const Reason = Type.Optional(Type.String({ maxLength: 1024, description: 'shown to the user in the docker error' }));

/** Every hook receives who is asking: the tenant and the policy's own name. */
const Caller = {
  tenant: Type.String({ description: 'tenant from -o tenant= / --ipam-opt tenant=, "" when none' }),
  policy: Type.String({ description: 'name of the policy being asked' }),
};

const Decision = Type.Object({
  allow: Type.Boolean(),
  reason: Reason,
});

export const HookSchemas = {
  selectPool: {
    input: Type.Object({
      ...Caller,
      addressSpace: Type.String(),
      v6: Type.Boolean(),
      requestedPool: Type.String({ description: 'CIDR the user asked for (--subnet), "" when none' }),
      requestedSubPool: Type.String({ description: 'CIDR of --ip-range, "" when none' }),
      options: StringMap,
      defaultPools: Type.Array(Type.String(), { description: 'CIDRs the operator allows for automatic pools' }),
    }),
    output: Type.Object({
      pool: Type.String({ description: 'CIDR of the pool' }),
      subPool: Type.Optional(Type.String({ description: 'CIDR inside pool that addresses are taken from' })),
    }),
  },
  assignAddress: {
    input: Type.Object({
      ...Caller,
      poolId: Type.String(),
      pool: Type.String(),
      subPool: Type.String({ description: '"" when the whole pool is used' }),
      kind: Type.Union([Type.Literal('gateway'), Type.Literal('endpoint'), Type.Literal('aux')]),
      requestedAddress: Type.String({ description: 'plain IP the user asked for, "" when any' }),
      macAddress: Type.String(),
      options: StringMap,
    }),
    output: Type.Object({
      address: Type.String({ description: 'plain IP inside the (sub)pool' }),
    }),
  },
  bridgeName: {
    input: Type.Object({
      ...Caller,
      networkId: Type.String(),
      options: StringMap,
    }),
    output: Type.Object({
      name: Type.String({ description: 'Linux bridge name, at most 15 bytes' }),
    }),
  },
  interfaceName: {
    input: Type.Object({
      ...Caller,
      networkId: Type.String(),
      endpointId: Type.String(),
      options: StringMap,
    }),
    output: Type.Object({
      hostName: Type.String({ description: 'host end of the veth pair, attached to the bridge' }),
      containerName: Type.String({ description: 'container end before Docker moves and renames it' }),
      dstPrefix: Type.String({ description: 'prefix Docker names the container interface with, e.g. "eth"' }),
    }),
  },
  admitNetwork: {
    input: Type.Object({
      ...Caller,
      networkId: Type.String(),
      options: StringMap,
      internal: Type.Boolean(),
      ipv4Pools: Type.Array(Type.String()),
      ipv6Pools: Type.Array(Type.String()),
    }),
    output: Decision,
  },
  admitEndpoint: {
    input: Type.Object({
      ...Caller,
      networkId: Type.String(),
      endpointId: Type.String(),
      address: Type.String({ description: 'CIDR, "" when none' }),
      addressIPv6: Type.String({ description: 'CIDR, "" when none' }),
      macAddress: Type.String(),
      options: StringMap,
    }),
    output: Decision,
  },
  volumePath: {
    input: Type.Object({
      ...Caller,
      name: Type.String(),
      options: StringMap,
    }),
    output: Type.Object({
      path: Type.String({ description: 'relative, normalised path below the volume root' }),
    }),
  },
  admitVolume: {
    input: Type.Object({
      ...Caller,
      name: Type.String(),
      options: StringMap,
      sizeBytes: Type.Number({ description: 'requested -o size in bytes, 0 when unlimited' }),
      unknownOptions: Type.Array(Type.String(), { description: 'option keys the host does not handle itself' }),
    }),
    output: Type.Object({
      allow: Type.Boolean(),
      reason: Reason,
      acceptOptions: Type.Optional(Type.Array(Type.String(), { description: 'unknown option keys the policy takes responsibility for' })),
    }),
  },
} as const satisfies Record<string, { input: TSchema; output: TSchema }>;

export type HookName = keyof typeof HookSchemas;
export const HOOK_NAMES = Object.keys(HookSchemas) as HookName[];
export const NETWORK_HOOKS = ['selectPool', 'assignAddress', 'bridgeName', 'interfaceName', 'admitNetwork', 'admitEndpoint'] as const satisfies readonly HookName[];
export const VOLUME_HOOKS = ['volumePath', 'admitVolume'] as const satisfies readonly HookName[];

export type HookInput<H extends HookName> = Static<(typeof HookSchemas)[H]['input']>;
export type HookOutput<H extends HookName> = Static<(typeof HookSchemas)[H]['output']>;

export type SelectPoolInput = HookInput<'selectPool'>;
export type SelectPoolOutput = HookOutput<'selectPool'>;
export type AssignAddressInput = HookInput<'assignAddress'>;
export type AssignAddressOutput = HookOutput<'assignAddress'>;
export type BridgeNameInput = HookInput<'bridgeName'>;
export type BridgeNameOutput = HookOutput<'bridgeName'>;
export type InterfaceNameInput = HookInput<'interfaceName'>;
export type InterfaceNameOutput = HookOutput<'interfaceName'>;
export type AdmitNetworkInput = HookInput<'admitNetwork'>;
export type AdmitEndpointInput = HookInput<'admitEndpoint'>;
export type AdmissionOutput = HookOutput<'admitNetwork'>;
export type VolumePathInput = HookInput<'volumePath'>;
export type VolumePathOutput = HookOutput<'volumePath'>;
export type AdmitVolumeInput = HookInput<'admitVolume'>;
export type AdmitVolumeOutput = HookOutput<'admitVolume'>;
