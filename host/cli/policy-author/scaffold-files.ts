// What `wasmdriver policy new` writes: a small but real IPAM policy, the
// tsconfig that typechecks it, and fixtures that pass as generated.
export const POLICY_TS = `// A wasmdriver policy: each export named after a hook decides one thing.
// Hooks left out fall back to the built-in default (Docker's behaviour).
//
//   wasmdriver policy test policy.ts fixtures     run the fixtures
//   wasmdriver policy build policy.ts -o NAME.wasm
import { hook, nextFreeAddress } from 'wasmdriver/sdk';

// Networks of this policy must name a --subnet inside ALLOWED.
const ALLOWED = { base: '10.88.0.0', prefix: 16 };
// Endpoint addresses start above this host number, leaving the low ones
// for hosts configured by hand; the gateway takes the last usable address.
const FIRST_HOST = 10;

function toNumber(address: string): number {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(\`\${address} is not an IPv4 address\`);
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

function toAddress(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function parseCidr(cidr: string): { network: number; prefix: number } {
  const [address, prefix] = cidr.split('/');
  return { network: toNumber(address ?? ''), prefix: Number(prefix) };
}

function inside(cidr: string, base: string, basePrefix: number): boolean {
  const { network, prefix } = parseCidr(cidr);
  const mask = basePrefix === 0 ? 0 : (~0 << (32 - basePrefix)) >>> 0;
  return prefix >= basePrefix && ((network & mask) >>> 0) === toNumber(base);
}

export const selectPool = hook('selectPool', (input) => {
  if (input.v6) throw new Error('this policy only hands out IPv4 networks');
  const allowed = \`\${ALLOWED.base}/\${ALLOWED.prefix}\`;
  if (input.requestedPool === '') throw new Error(\`name a --subnet inside \${allowed}\`);
  if (!inside(input.requestedPool, ALLOWED.base, ALLOWED.prefix)) {
    throw new Error(\`subnet \${input.requestedPool} is outside \${allowed}, the range this policy allows\`);
  }
  return input.requestedSubPool === '' ? { pool: input.requestedPool } : { pool: input.requestedPool, subPool: input.requestedSubPool };
});

export const assignAddress = hook('assignAddress', (input) => {
  if (input.requestedAddress !== '') return { address: input.requestedAddress };
  const { network, prefix } = parseCidr(input.pool);
  const size = 2 ** (32 - prefix);
  if (input.kind === 'gateway') return { address: toAddress(network + size - 2) };
  const address = nextFreeAddress(toAddress(network + FIRST_HOST - 1));
  if (address === null || toNumber(address) >= network + size - 2) throw new Error(\`address pool \${input.pool} is exhausted\`);
  return { address };
});
`;

export const FIXTURES: Record<string, string> = {
  'allowed-subnet.yaml': `# A --subnet inside 10.88.0.0/16 is accepted as asked.
hook: selectPool
input:
  requestedPool: 10.88.5.0/24
expect:
  pool: 10.88.5.0/24
`,
  'refused-subnet.yaml': `# Anything else is refused, and the message reaches \`docker network create\`.
hook: selectPool
input:
  requestedPool: 192.168.7.0/24
expectError: outside 10.88.0.0/16
`,
  'gateway.yaml': `# The gateway takes the last usable address.
hook: assignAddress
input:
  poolId: example
  pool: 10.88.5.0/24
  kind: gateway
expect:
  address: 10.88.5.254
`,
  'endpoint.yaml': `# Endpoints start at .10; state.taken plays the addresses already handed out.
hook: assignAddress
input:
  poolId: example
  pool: 10.88.5.0/24
  kind: endpoint
state:
  taken: [10.88.5.254, 10.88.5.10]
expect:
  address: 10.88.5.11
`,
};

export function tsconfigJson(sdkDir: string, pdkTypes: string): string {
  return `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2020',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        // The policy runs in QuickJS, not Node or a browser: only the Extism PDK's globals exist.
        lib: [],
        types: [],
        strict: true,
        noUncheckedIndexedAccess: true,
        isolatedModules: true,
        skipLibCheck: true,
        noEmit: true,
        paths: { 'wasmdriver/sdk': [`${sdkDir}/index.ts`] },
      },
      files: ['policy.ts', pdkTypes, `${sdkDir}/host-interface.d.ts`],
    },
    null,
    2,
  )}\n`;
}

export function readme(name: string): string {
  return `# ${name}

A wasmdriver policy. Typecheck, test and build it:

    tsc -p .
    wasmdriver policy test policy.ts fixtures
    wasmdriver policy build policy.ts -o ${name}.wasm

Copy \`${name}.wasm\` into the daemon's policy directory and create networks
with \`--ipam-opt policy=${name}\`.
`;
}
