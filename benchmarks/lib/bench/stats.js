'use strict';
/** Medians, formatting and plain-text tables for the benchmark scripts. */

/** The median of a list of numbers (the mean of the middle two for an even count); NaN when empty. */
function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** min–max of a list, for the spread column. */
function range(values, format) {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return '';
  return `${format(Math.min(...finite))}–${format(Math.max(...finite))}`;
}

/** Milliseconds with a precision that suits their size: 0.42, 12.3, 1234. */
function ms(value) {
  if (!Number.isFinite(value)) return 'n/a';
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return value.toFixed(0);
}

/** Seconds from milliseconds: 1.23 s, 182 s. */
function sec(valueMs) {
  if (!Number.isFinite(valueMs)) return 'n/a';
  const s = valueMs / 1000;
  return s < 10 ? `${s.toFixed(2)} s` : s < 100 ? `${s.toFixed(1)} s` : `${s.toFixed(0)} s`;
}

/** A difference in ms with its sign: `+1085`, `-44.8`. */
function signedMs(value) {
  return Number.isFinite(value) ? `${value < 0 ? '-' : '+'}${ms(Math.abs(value))}` : 'n/a';
}

function bytes(n) {
  if (!Number.isFinite(n)) return 'n/a';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

function ratio(a, b) {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a';
}

function percent(a, b) {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b <= 0) return 'n/a';
  const p = ((a - b) / b) * 100;
  return `${p >= 0 ? '+' : ''}${p.toFixed(1)} %`;
}

/**
 * A table as text: GitHub markdown (`| a | b |`), which also reads well in a terminal.
 * @param {string[]} header
 * @param {(string | number)[][]} rows
 * @param {('l' | 'r')[]} [align] per column, right-aligned by default except the first
 */
function table(header, rows, align) {
  const cells = [header, ...rows].map((row) => row.map((c) => String(c)));
  const widths = header.map((_, i) => Math.max(3, ...cells.map((row) => (row[i] ?? '').length)));
  const aligns = header.map((_, i) => (align && align[i]) || (i === 0 ? 'l' : 'r'));
  const pad = (text, i) => (aligns[i] === 'l' ? text.padEnd(widths[i]) : text.padStart(widths[i]));
  const line = (row) => `| ${row.map((c, i) => pad(c ?? '', i)).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (aligns[i] === 'l' ? `:${'-'.repeat(w - 1)}` : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

module.exports = { median, range, ms, signedMs, sec, bytes, ratio, percent, table };
