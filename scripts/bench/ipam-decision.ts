// A realistic IPAM decision, shared by the benchmark's policy and its native
// baseline: pick the first free address of a pool, honouring reservations.
export interface IpamRequest {
  pool: { subnet: string; gateway: string; reserved: string[] };
  allocated: string[];
  request: { endpoint: string; labels: Record<string, string> };
}

function toInt(ip: string): number {
  const p = ip.split('.').map(Number);
  return ((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0;
}

function toIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function decide(input: string): string {
  const req = JSON.parse(input) as IpamRequest;
  const [base, bits] = req.pool.subnet.split('/');
  const start = toInt(base!);
  const size = 2 ** (32 - Number(bits));
  const taken = new Set<number>([...req.allocated, ...req.pool.reserved, req.pool.gateway].map(toInt));
  if (req.request.labels['wasmdriver.static']) {
    const want = toInt(req.request.labels['wasmdriver.static']);
    if (taken.has(want)) return JSON.stringify({ error: `address ${toIp(want)} is taken` });
    return JSON.stringify({ address: `${toIp(want)}/${bits}` });
  }
  for (let i = 1; i < size - 1; i++) {
    if (!taken.has(start + i)) {
      return JSON.stringify({ address: `${toIp(start + i)}/${bits}`, endpoint: req.request.endpoint });
    }
  }
  return JSON.stringify({ error: `pool ${req.pool.subnet} is exhausted` });
}

export function sampleInput(allocatedCount = 40): string {
  const allocated = Array.from({ length: allocatedCount }, (_, i) => `10.20.0.${i + 2}`);
  return JSON.stringify({
    pool: { subnet: '10.20.0.0/24', gateway: '10.20.0.1', reserved: ['10.20.0.250', '10.20.0.251'] },
    allocated,
    request: { endpoint: 'ep-4f1c2a', labels: { team: 'payments', tier: 'web' } },
  });
}

// A small admission decision: the "small JSON policy call" of the targets.
export function admit(input: string): string {
  const req = JSON.parse(input) as { tenant: string; driver: string; options: Record<string, string> };
  const allowed = req.driver === 'wasmnet' && !req.tenant.startsWith('blocked-');
  return JSON.stringify(allowed ? { allow: true } : { allow: false, reason: `tenant ${req.tenant} may not use ${req.driver}` });
}

export const sampleAdmitInput = JSON.stringify({ tenant: 'payments', driver: 'wasmnet', options: { mtu: '1500' } });
