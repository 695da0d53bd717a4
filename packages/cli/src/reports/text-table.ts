/**
 * Plain-text tables for the terminal, aligned by display width (a Chinese character takes two
 * columns).
 */

/** Columns a string takes on a terminal. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd)
        ? 2
        : 1;
  }
  return w;
}

function pad(s: string, width: number, right: boolean): string {
  const gap = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? gap + s : s + gap;
}

function truncate(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  let out = '';
  for (const ch of s) {
    if (displayWidth(out + ch) > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/**
 * Renders rows as an aligned table; `numeric` columns are right-aligned.
 *
 * @example
 * ```ts
 * textTable(['rule', 'n'], [['deceased-payee', '3']], { numeric: [1] });
 * ```
 */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], options: { numeric?: readonly number[]; maxWidth?: number | readonly number[]; indent?: string } = {}): string {
  const numeric = new Set(options.numeric ?? []);
  const maxWidth = options.maxWidth ?? 48;
  const widthOf = (i: number): number => (typeof maxWidth === 'number' ? maxWidth : (maxWidth[i] ?? 48));
  const cells = [header, ...rows].map((r) => r.map((c, i) => truncate(c.replace(/\s+/g, ' '), widthOf(i))));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => displayWidth(r[i] ?? ''))));
  const indent = options.indent ?? '  ';
  return cells
    .map((r) => indent + r.map((c, i) => pad(c, widths[i]!, numeric.has(i))).join('  ').trimEnd())
    .join('\n');
}
