import type { BabelToken } from './parse';

/**
 * The normal form blocks are hashed in: the raw source text of each token, joined by {@link SEPARATOR}.
 * Whitespace, comments and line endings are not tokens, so they never change a checksum; any change
 * of a token does.
 */
export const SEPARATOR = '\u0000';

/** Stands for a nested function in its parent's token stream, followed by the function's name. */
export const PLACEHOLDER = '\u0001';

/**
 * `\r\n` and lone `\r` become `\n`. Line and column numbers stay the same (Babel counts `\r\n` as one
 * line break, and `\r` only ever ends a line), so positions in the result are positions in the input.
 */
export function normalizeLineEndings(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** The text a token contributes to its block's checksum, or `undefined` for comments and the end of input. */
export function tokenText(source: string, token: BabelToken): string | undefined {
  const { type } = token;
  if (typeof type === 'string') return undefined; // CommentLine, CommentBlock
  const label = type.label;
  if (label === 'eof') return undefined;
  const raw = source.slice(token.start, token.end);
  return label === 'jsxText' && raw.includes('\n') ? cleanJsxText(raw) : raw;
}

/**
 * JSX text as React sees it: lines trimmed where they meet a line break, blank lines dropped, the rest
 * joined by single spaces. Re-indenting or re-wrapping JSX leaves the checksum alone.
 */
export function cleanJsxText(raw: string): string {
  const lines = raw.split('\n');
  let lastNonEmpty = -1;
  for (let i = 0; i < lines.length; i++) if (/[^ \t]/.test(lines[i]!)) lastNonEmpty = i;
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/\t/g, ' ');
    if (i !== 0) line = line.replace(/^ +/, '');
    if (i !== lines.length - 1) line = line.replace(/ +$/, '');
    if (line) out += i === lastNonEmpty ? line : `${line} `;
  }
  return out;
}
