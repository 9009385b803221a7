// Parses extism-js interface files:
//   declare module 'main' { export function decide(): I32; }
//   declare module 'extism:host' { interface user { lookup(p: PTR): PTR; } }
import { PolicyBuildError } from './errors';

export type WasmType = 'I32' | 'I64' | 'F32' | 'F64' | 'PTR';
export interface HostFunction {
  name: string;
  params: WasmType[];
  result: WasmType | null;
}
export interface DeclaredExport {
  name: string;
  file: string;
  line: number;
}
export interface InterfaceDecl {
  exports: DeclaredExport[];
  hostFunctions: HostFunction[];
}

const TYPES = new Set(['I32', 'I64', 'F32', 'F64', 'PTR']);
const MAX_PARAMS = 5;

// Blanks comments but keeps offsets, so line numbers stay right.
function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (m) => m.replace(/[^\n]/g, ' '));
}

function lineAt(src: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (src.charCodeAt(i) === 10) line++;
  return line;
}

// Body of the block whose '{' is at `open`, as [start, end) offsets.
function blockAt(src: string, open: number, file: string): [number, number] {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    if (src[i] === '{') depth++;
    else if (src[i] === '}' && --depth === 0) return [open + 1, i];
  }
  throw new PolicyBuildError('unclosed block', { file, line: lineAt(src, open) });
}

function moduleBlocks(src: string, name: string, file: string): [number, number][] {
  const re = new RegExp(`declare\\s+module\\s+(['"])${name.replace(/[:]/g, '\\$&')}\\1\\s*\\{`, 'g');
  const out: [number, number][] = [];
  for (let m = re.exec(src); m; m = re.exec(src)) out.push(blockAt(src, m.index + m[0].length - 1, file));
  return out;
}

function parseType(t: string, what: string, file: string, line: number): WasmType {
  if (!TYPES.has(t)) {
    throw new PolicyBuildError(`${what} has type ${t}; expected one of I32, I64, F32, F64, PTR`, { file, line });
  }
  return t as WasmType;
}

export function parseInterface(src: string, file: string): InterfaceDecl {
  const text = stripComments(src);
  const exports: DeclaredExport[] = [];
  const hostFunctions: HostFunction[] = [];

  for (const [start, end] of moduleBlocks(text, 'main', file)) {
    const body = text.slice(start, end);
    const re = /export\s+function\s+([A-Za-z_$][\w$]*)\s*\(([^)]*)\)\s*(?::\s*([A-Za-z0-9_]+))?/g;
    for (let m = re.exec(body); m; m = re.exec(body)) {
      const line = lineAt(text, start + m.index);
      if (m[2]!.trim() !== '') {
        throw new PolicyBuildError(`export ${m[1]} takes parameters; exports read their input through Host.inputString()`, { file, line });
      }
      if (m[3] && m[3] !== 'I32' && m[3] !== 'void') {
        throw new PolicyBuildError(`export ${m[1]} returns ${m[3]}; exports return I32`, { file, line });
      }
      exports.push({ name: m[1]!, file, line });
    }
  }

  for (const [start, end] of moduleBlocks(text, 'extism:host', file)) {
    const mod = text.slice(start, end);
    const iface = /interface\s+user\s*\{/.exec(mod);
    if (!iface) continue;
    const [bs, be] = blockAt(text, start + iface.index + iface[0].length - 1, file);
    const body = text.slice(bs, be);
    const re = /([A-Za-z_$][\w$]*)\s*\(([^)]*)\)\s*:\s*([A-Za-z0-9_]+)\s*;?/g;
    for (let m = re.exec(body); m; m = re.exec(body)) {
      const line = lineAt(text, bs + m.index);
      const name = m[1]!;
      const params = m[2]!.trim() === '' ? [] : m[2]!.split(',').map((p) => p.trim());
      if (params.length > MAX_PARAMS) {
        throw new PolicyBuildError(`host function ${name} takes ${params.length} parameters; at most ${MAX_PARAMS} are allowed`, { file, line });
      }
      const types = params.map((p) => {
        const pm = /^[A-Za-z_$][\w$]*\s*:\s*([A-Za-z0-9_]+)$/.exec(p);
        if (!pm) throw new PolicyBuildError(`host function ${name}: cannot read parameter "${p}"`, { file, line });
        return parseType(pm[1]!, `a parameter of host function ${name}`, file, line);
      });
      const result = m[3] === 'void' ? null : parseType(m[3]!, `the result of host function ${name}`, file, line);
      hostFunctions.push({ name, params: types, result });
    }
  }
  return { exports, hostFunctions };
}

// Merges several interface files; the same host function declared twice
// must have the same signature.
export function mergeInterfaces(decls: InterfaceDecl[]): InterfaceDecl {
  const exports: DeclaredExport[] = [];
  const byName = new Map<string, HostFunction>();
  for (const d of decls) {
    exports.push(...d.exports);
    for (const f of d.hostFunctions) {
      const prev = byName.get(f.name);
      if (prev && JSON.stringify(prev) !== JSON.stringify(f)) {
        throw new PolicyBuildError(`host function ${f.name} is declared twice with different signatures`);
      }
      byName.set(f.name, f);
    }
  }
  const hostFunctions = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { exports, hostFunctions };
}
