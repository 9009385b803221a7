// Preflight for the kernel tier: when root or a kernel feature is missing the
// tests fail here, saying what is missing; they are never skipped.
import { access, constants } from 'node:fs/promises';
import { run } from '../../host/linux/exec';

export type Feature = 'netns' | 'bridge' | 'veth' | 'iptables' | 'ip6tables' | 'loop' | 'mkfs.ext4' | 'mount';

async function check(feature: Feature): Promise<string | undefined> {
  const tool = async (argv: string[], hint: string) => {
    try {
      await run(argv);
      return undefined;
    } catch (err) {
      return `${hint}: ${(err as Error).message}`;
    }
  };
  switch (feature) {
    case 'netns':
      return tool(['ip', 'netns', 'list'], 'network namespaces unavailable (iproute2 `ip netns`)');
    case 'bridge':
      return access('/sys/module/bridge', constants.F_OK).then(
        () => undefined,
        () => tool(['modprobe', '-n', 'bridge'], 'bridge support missing (module "bridge")'),
      );
    case 'veth':
      return undefined; // probed by creating one in the tests themselves
    case 'iptables':
      return tool(['iptables', '-w', '5', '-t', 'nat', '-S'], 'iptables unusable (nat table)');
    case 'ip6tables':
      return tool(['ip6tables', '-w', '5', '-t', 'nat', '-S'], 'ip6tables unusable (nat table)');
    case 'loop':
      return access('/dev/loop-control', constants.W_OK).then(
        () => undefined,
        () => 'loop devices unavailable (/dev/loop-control missing)',
      );
    case 'mkfs.ext4':
      return tool(['mkfs.ext4', '-V'], 'mkfs.ext4 missing (install e2fsprogs)');
    case 'mount':
      return tool(['mount', '--version'], 'mount(8) missing (util-linux)');
  }
}

/** Throws (failing the test) unless running as root with every feature present. */
export async function assertKernelReady(features: readonly Feature[]): Promise<void> {
  const problems: string[] = [];
  if (process.getuid?.() !== 0) problems.push(`must run as root (uid is ${process.getuid?.()})`);
  for (const f of features) {
    const p = await check(f);
    if (p) problems.push(p);
  }
  if (problems.length > 0) throw new Error(`kernel tier cannot run: ${problems.join('; ')}`);
}
