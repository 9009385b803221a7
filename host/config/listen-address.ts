// Where the optional TCP metrics endpoint listens. Only loopback is
// accepted: metrics name tenants, policies and pools, and the endpoint has
// no authentication, so exposing it beyond the host is the operator's job
// (a reverse proxy), not a flag.
import { isIP } from 'node:net';
import { parseIp } from '../linux/addresses';

export interface ListenAddress {
  host: string;
  port: number;
}

/** Parses "127.0.0.1:9323" or "[::1]:9323"; returns the reason it is refused, naming `key`. */
export function parseLoopbackListen(text: string, key: string): ListenAddress {
  const match = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:[\]]+):(\d+)$/.exec(text);
  if (!match) throw new Error(`${key}: "${text}" is not HOST:PORT (e.g. 127.0.0.1:9323 or [::1]:9323)`);
  const host = match[1]!;
  const port = Number(match[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${key}: port ${match[2]} is outside 1-65535`);
  if (isIP(host) === 0) throw new Error(`${key}: "${host}" is not an IP address; use a loopback address such as 127.0.0.1 or ::1`);
  const ip = parseIp(host);
  const loopback = ip.family === 4 ? ip.address.startsWith('127.') : ip.address === '::1';
  if (!loopback) {
    throw new Error(`${key}: ${ip.address} is not a loopback address; the metrics endpoint has no authentication, so it only listens on 127.0.0.0/8 or ::1`);
  }
  return { host: ip.address, port };
}
