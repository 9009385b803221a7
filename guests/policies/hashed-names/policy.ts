// Bridge and interface names derived from a hash of the network and
// endpoint IDs: the same network always gets the same bridge name, on every
// host and after every restart, so firewall rules and monitoring can name
// it before it exists. Docker's own names ("br-" + 12 ID characters, random
// "veth" names) only match by chance.
//
//   bridge          "wd" + 13 hex digits (52 bits) of hash(network ID)
//   host veth       "wh" + 13 hex digits of hash(network ID, endpoint ID)
//   container veth  "wc" + the same digits (Docker renames it to eth0 inside)
//
// 13 hex digits keep every name at 15 bytes, the kernel's limit. Two IDs
// that collide are caught by the daemon, which refuses a name already in use.
import { hook } from 'wasmdriver/sdk';

/** 64-bit FNV-1a over UTF-16 code units, as two 32-bit halves (no BigInt needed). */
function fnv1a64(text: string): [number, number] {
  // offset basis 0xcbf29ce484222325, prime 0x100000001b3
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < text.length; i++) {
    lo ^= text.charCodeAt(i);
    // (hi:lo) * (2^40 + 0x1b3) mod 2^64, in pieces small enough to stay
    // exact in doubles: lo * 0x1b3 is below 2^41.
    const low = (lo >>> 0) * 0x1b3;
    const carry = Math.floor(low / 0x100000000);
    hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0;
    lo = low >>> 0;
  }
  return [hi, lo];
}

function digits(text: string, count: number): string {
  const [hi, lo] = fnv1a64(text);
  const hex = hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
  return hex.slice(0, count);
}

export const bridgeName = hook('bridgeName', (input) => ({ name: `wd${digits(input.networkId, 13)}` }));

export const interfaceName = hook('interfaceName', (input) => {
  // A separator no ID contains, so ("ab", "c") and ("a", "bc") differ.
  const id = digits(`${input.networkId}/${input.endpointId}`, 13);
  return { hostName: `wh${id}`, containerName: `wc${id}`, dstPrefix: input.options['com.docker.network.container_iface_prefix'] ?? 'eth' };
});
