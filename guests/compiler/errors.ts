// A policy that cannot be built: the message names the file and line when
// they are known ("src/policy.ts:12:5: x is not defined").
export class PolicyBuildError extends Error {
  override readonly name = 'PolicyBuildError';
  file?: string;
  line?: number;
  column?: number;

  constructor(message: string, where: { file?: string; line?: number; column?: number } = {}, options?: { cause?: unknown }) {
    super(where.file ? `${formatLocation(where)}: ${message}` : message, options);
    if (where.file !== undefined) this.file = where.file;
    if (where.line !== undefined) this.line = where.line;
    if (where.column !== undefined) this.column = where.column;
  }
}

function formatLocation(where: { file?: string; line?: number; column?: number }): string {
  let s = where.file ?? '';
  if (where.line !== undefined) s += `:${where.line}`;
  if (where.line !== undefined && where.column !== undefined) s += `:${where.column}`;
  return s;
}
