// The operation budget (config wasmdriver.max_ops) stops runaway loops, even
// ones that catch everything; the next call on the same instance works.
export function spin(): number {
  for (;;) {
    // nothing
  }
}

export function spinCatching(): number {
  for (;;) {
    try {
      for (;;) {
        // nothing
      }
    } catch (e) {
      // an operations limit cannot be caught
    }
  }
}

export function bounded(): number {
  const n = Number(Host.inputString());
  let acc = 0;
  for (let i = 0; i < n; i++) acc = (acc + i) % 1000003;
  Host.outputString(String(acc));
  return 0;
}

export function ok(): number {
  Host.outputString('ok');
  return 0;
}
