import type { Position } from './types';

/**
 * Offsets of line starts in a text, to turn string offsets into {@link Position}s. Lines end at
 * `\n`, `\r\n`, lone `\r`, U+2028 and U+2029, as in Babel's and V8's line numbering.
 */
export class LineTable {
  private readonly starts: number[] = [0];
  /** Where each line's text ends, before its line break. */
  private readonly ends: number[] = [];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 0x2028 || c === 0x2029) {
        this.ends.push(i);
        this.starts.push(i + 1);
      } else if (c === 13) {
        this.ends.push(i);
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
    this.ends.push(text.length);
  }

  /** The text of each line, without its line break. */
  lineTexts(): string[] {
    return this.starts.map((start, i) => this.text.slice(start, this.ends[i]));
  }

  /** Position of a string offset (clamped to the text). */
  position(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - this.starts[lo]! };
  }

  /** Offset of a position, or `undefined` when the line does not exist. */
  offset(position: Position): number | undefined {
    const start = this.starts[position.line - 1];
    return start === undefined ? undefined : start + position.column;
  }
}

/** The position just past the end of `text`, by the same line rules as {@link LineTable}. */
export function endPosition(text: string): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: text.length - lineStart };
}

/** Negative, zero or positive as `a` is before, at or after `b`. */
export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.column - b.column;
}
