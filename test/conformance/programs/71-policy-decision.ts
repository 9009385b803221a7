// A realistic policy: validate a JSON request, consult config and state, log,
// and answer with a JSON decision or a labelled error.
interface Request {
  kind: 'allocate' | 'release';
  pool: string;
  count?: number;
  labels?: Record<string, string>;
}

const POOLS = new Map([
  ['blue', { cidr: '10.1.0.0/24', max: 3 }],
  ['green', { cidr: '10.2.0.0/24', max: 1 }],
]);

class ValidationError extends Error {
  override name = 'ValidationError';
}

function parse(raw: string): Request {
  let r: unknown;
  try {
    r = JSON.parse(raw);
  } catch {
    throw new ValidationError('input is not JSON');
  }
  const req = r as Partial<Request>;
  if (req.kind !== 'allocate' && req.kind !== 'release') throw new ValidationError(`bad kind ${JSON.stringify(req.kind)}`);
  if (typeof req.pool !== 'string') throw new ValidationError('pool must be a string');
  return req as Request;
}

export function decide(): number {
  const req = parse(Host.inputString());
  const pool = POOLS.get(req.pool);
  if (!pool) throw new ValidationError(`unknown pool ${req.pool}`);
  const key = `used:${req.pool}`;
  const used = Number(Var.getString(key) ?? '0');
  const count = req.count ?? 1;
  const tenant = Config.get('tenant') ?? 'default';
  if (req.kind === 'allocate') {
    if (used + count > pool.max) {
      console.warn(`pool ${req.pool} exhausted for ${tenant}`);
      Host.outputString(JSON.stringify({ allow: false, reason: 'exhausted', used }));
      return 0;
    }
    Var.set(key, String(used + count));
    console.info(`allocated ${count} from ${req.pool}`);
    Host.outputString(JSON.stringify({ allow: true, cidr: pool.cidr, used: used + count, tenant, labels: req.labels ?? {} }));
  } else {
    Var.set(key, String(Math.max(0, used - count)));
    Host.outputString(JSON.stringify({ allow: true, used: Math.max(0, used - count) }));
  }
  return 0;
}
