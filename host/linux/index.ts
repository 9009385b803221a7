// The OS boundary's public surface. Drivers import from here, never from
// child_process or /proc themselves.
export { ExecError, run, type ExecOptions, type ExecResult } from './exec';
export { ipBatch, ipJson, BatchError } from './ip';
export { IpSession, ipSession } from './ip-session';
export { validateIfName, validateBridgeName, isValidIfName, ifNameProblem, MAX_IFNAME_BYTES } from './names';
export { parseIp, parseCidr, networkOf, cidrContains, cidrsOverlap, type Cidr, type IpAddress, type Family } from './addresses';
export { listLinks, getLink, deleteLink, type Link, type LinkAddress, type LinkWithAddresses } from './links';
export { ensureBridge, deleteBridge, validateMtu, type BridgeOptions } from './bridge';
export { createVethPair, type VethOptions } from './veth';
export { ensureForwarding, enableIpv6, ensureSysctl, readSysctl } from './sysctl';
export {
  Firewall,
  firewall,
  ensureNetworkRules,
  removeNetworkRules,
  listNetworkRules,
  type NetworkRules,
  type FirewallRule,
  type FirewallOptions,
} from './firewall';
export { bindMount, unmount, isMountpoint, validateMountPath, type BindOptions, type UnmountOptions } from './mount';
export { readMountinfo, parseMountinfo, mountsUnder, type MountInfo } from './mountinfo';
export { createSizedFilesystem, mountLoop, MIN_FS_BYTES, type SizedFsOptions, type LoopMountOptions } from './loopfs';
export { ensureDirBeneath, splitRelativePath, type DirOptions } from './safe-path';
export { removeDirBeneath } from './safe-remove';
export { Rollback, withRollback } from './rollback';
