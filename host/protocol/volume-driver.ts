// Wire format of the volume plugin protocol (`POST /VolumeDriver.*`).
// Facts from docker/cli docs/extend/plugins_volume.md and moby volume/drivers/proxy.go.
import { Type, type Static } from '@sinclair/typebox';
import { AnyMap, Id, Scope, StringMap } from './common';

/**
 * Docker checks no volume name (only its built-in `local` driver does), so
 * drivers must validate Name themselves, e.g. against path traversal.
 */
export const VolumeName = Id();

export const VolumeCreateRequest = Type.Object({
  Name: VolumeName,
  /** `docker volume create -o`. */
  Opts: StringMap({ default: {} }),
});
export type VolumeCreateRequest = Static<typeof VolumeCreateRequest>;

/** Remove, Path and Get. */
export const VolumeNameRequest = Type.Object({ Name: VolumeName });
export type VolumeNameRequest = Static<typeof VolumeNameRequest>;

/** Mount and Unmount. ID is unique per mount and reused by the matching Unmount. */
export const VolumeMountRequest = Type.Object({ Name: VolumeName, ID: Id() });
export type VolumeMountRequest = Static<typeof VolumeMountRequest>;

export const VolumeMountResponse = Type.Object({ Mountpoint: Type.String({ minLength: 1 }) });
export type VolumeMountResponse = Static<typeof VolumeMountResponse>;

export const VolumePathResponse = Type.Object({ Mountpoint: Type.Optional(Type.String()) });
export type VolumePathResponse = Static<typeof VolumePathResponse>;

export const VolumeInfo = Type.Object({
  Name: Type.String(),
  Mountpoint: Type.Optional(Type.String()),
  /** RFC 3339. Omit rather than send "": Docker parses it as a Go time.Time. */
  CreatedAt: Type.Optional(Type.String()),
  /** Shown by `docker volume inspect`. */
  Status: Type.Optional(AnyMap()),
});
export type VolumeInfo = Static<typeof VolumeInfo>;

export const VolumeGetResponse = Type.Object({ Volume: VolumeInfo });
export type VolumeGetResponse = Static<typeof VolumeGetResponse>;

export const VolumeListResponse = Type.Object({ Volumes: Type.Array(VolumeInfo) });
export type VolumeListResponse = Static<typeof VolumeListResponse>;

export const VolumeCapabilitiesResponse = Type.Object({
  /** `global`: a cluster manager creates the volume once for all nodes. */
  Capabilities: Type.Object({ Scope }),
});
export type VolumeCapabilitiesResponse = Static<typeof VolumeCapabilitiesResponse>;
