// Conversions between row columns and record fields shared by repositories.
import { errorMessage, systemFailure } from '../errors';

/** RFC 3339 timestamp in UTC, e.g. 2026-11-22T11:00:00.000Z. */
export const nowRfc3339 = (): string => new Date().toISOString();

export const toJson = (value: unknown): string => JSON.stringify(value ?? null);

export function fromJson<T>(text: string, where: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw systemFailure(`stored JSON in ${where} is unreadable: ${errorMessage(err)}`, err);
  }
}

export const toFlag = (value: boolean): number => (value ? 1 : 0);
export const fromFlag = (value: number): boolean => value === 1;
