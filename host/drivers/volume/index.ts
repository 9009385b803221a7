export { createVolumeDriver, type VolumeDriverDeps, type WasmvolDriver } from './volume-driver';
export type { ReconcileReport, ReleaseOptions } from './reconcile';
export type { MountOps } from './mount-ops';
export { validateVolumeName } from './names';
export { parseSize, parseVolumeOptions } from './options';
