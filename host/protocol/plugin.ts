// Plugin.Activate: the handshake Docker sends (with an empty body) the first
// time it uses a plugin socket.
import { Type, type Static } from '@sinclair/typebox';

export const PluginInterface = Type.Union([
  Type.Literal('NetworkDriver'),
  Type.Literal('IpamDriver'),
  Type.Literal('VolumeDriver'),
]);
export type PluginInterface = Static<typeof PluginInterface>;

export const ActivateResponse = Type.Object({ Implements: Type.Array(PluginInterface) });
export type ActivateResponse = Static<typeof ActivateResponse>;
