// Docker CLI's table style: upper-case headers, columns padded to their
// widest cell and separated by three spaces, no borders.
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('   ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

/** Docker shortens IDs and digests to 12 characters unless --no-trunc. */
export function shortId(id: string, truncate: boolean): string {
  return truncate ? id.slice(0, 12) : id;
}
