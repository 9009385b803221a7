// The `-o` options of `docker network create -d wasmnet`, parsed and checked
// before anything is asked or created.
import { invalid } from '../../errors';
import type { CreateNetworkRequest, IpamData } from '../../protocol/network-driver';
import { parseCidr } from '../../linux/addresses';
import { ifNameProblem } from '../../linux/names';

export const MTU_OPTION = 'com.docker.network.driver.mtu';
export const BRIDGE_NAME_OPTION = 'com.docker.network.bridge.name';

export interface NetworkSpec {
  generic: Record<string, string>;
  policy: string | undefined;
  tenant: string | undefined;
  internal: boolean;
  mtu: number | undefined;
  /** Subnets of the network, v4 then v6. */
  subnets: string[];
  /** Gateway addresses (CIDR form) to put on the bridge. */
  gateways: string[];
  gatewayV4: string | undefined;
  gatewayV6: string | undefined;
}

function gatewayOf(data: IpamData[]): string | undefined {
  const gw = data.find((d) => d.Gateway)?.Gateway;
  return gw ? parseCidr(gw, 'gateway').address : undefined;
}

export function parseNetworkSpec(req: CreateNetworkRequest): NetworkSpec {
  const generic = req.Options['com.docker.network.generic'];
  const mtuText = generic[MTU_OPTION];
  let mtu: number | undefined;
  if (mtuText !== undefined && mtuText !== '' && mtuText !== '0') {
    mtu = Number(mtuText);
    if (!/^\d+$/.test(mtuText) || mtu < 68 || mtu > 65535) {
      throw invalid(`invalid option ${MTU_OPTION}=${JSON.stringify(mtuText)}: must be an integer from 68 to 65535`);
    }
  }
  // Checked here, not only when a policy's answer is: the user typed it, so
  // the error should name the option rather than the policy that echoed it.
  const bridgeName = generic[BRIDGE_NAME_OPTION];
  const bridgeProblem = bridgeName === undefined ? undefined : ifNameProblem(bridgeName);
  if (bridgeProblem !== undefined) throw invalid(`invalid option ${BRIDGE_NAME_OPTION}=${JSON.stringify(bridgeName)}: a bridge name ${bridgeProblem}`);
  const v6 = req.Options['com.docker.network.enable_ipv6'] ? req.IPv6Data : [];
  const all = [...req.IPv4Data, ...v6];
  for (const d of all) parseCidr(d.Pool, 'network subnet');
  return {
    generic,
    policy: generic.policy,
    tenant: generic.tenant,
    internal: req.Options['com.docker.network.internal'],
    mtu,
    subnets: all.map((d) => parseCidr(d.Pool, 'network subnet').text),
    gateways: all.filter((d) => d.Gateway).map((d) => parseCidr(d.Gateway!, 'gateway').text),
    gatewayV4: gatewayOf(req.IPv4Data),
    gatewayV6: gatewayOf(v6),
  };
}

/** A MAC derived from the IPv4 address, as Docker's bridge does (02:42:a.b.c.d). */
export function macFromIpv4(cidr: string): string {
  const octets = cidr.split('/')[0]!.split('.').map((o) => Number(o).toString(16).padStart(2, '0'));
  return ['02', '42', ...octets].join(':');
}
