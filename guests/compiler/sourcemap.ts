// Maps a line of the esbuild bundle back to the original source through the
// bundle's source map (v3, base64 VLQ mappings).
import path from 'node:path';

export interface SourceMapV3 {
  sources: string[];
  mappings: string;
}
export interface OriginalPosition {
  file: string;
  line: number;
  column: number;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decodeVlq(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = B64.indexOf(ch);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

// line: 1-based generated line; column: 0-based generated column, or
// undefined to take the first mapping on the line. sourcesDir: the directory
// the map's sources are relative to.
export function originalPosition(map: SourceMapV3, sourcesDir: string, line: number, column?: number): OriginalPosition | null {
  const lines = map.mappings.split(';');
  let src = 0;
  let srcLine = 0;
  let srcCol = 0;
  for (let l = 0; l < lines.length && l < line; l++) {
    let genCol = 0;
    let best: OriginalPosition | null = null;
    for (const seg of lines[l]!.split(',')) {
      if (!seg) continue;
      const f = decodeVlq(seg);
      genCol += f[0] ?? 0;
      if (f.length < 4) continue;
      src += f[1]!;
      srcLine += f[2]!;
      srcCol += f[3]!;
      if (l !== line - 1) continue;
      const pos = { file: path.resolve(sourcesDir, map.sources[src] ?? ''), line: srcLine + 1, column: srcCol + 1 };
      if (column === undefined) return pos;
      if (genCol <= column) best = pos;
    }
    if (l === line - 1) return best;
  }
  return null;
}
