import type { BlockSummary, Checksum } from '../core/types';

/**
 * Compact binary encodings of the store's BLOB columns. Checksums are unsigned 64-bit values kept
 * as 8 big-endian bytes (lossless; SQLite integers are signed and sql.js cannot bind a bigint).
 */

const MAX_U64 = (1n << 64n) - 1n;

function checkU64(value: Checksum, what: string): void {
  if (typeof value !== 'bigint' || value < 0n || value > MAX_U64) {
    throw new TypeError(`jest-difftest: ${what} must be a bigint in 0 … 2^64-1, got ${String(value)}. This is a bug in the caller.`);
  }
}

/** One checksum as 8 big-endian bytes. */
export function encodeChecksum(value: Checksum, what = 'checksum'): Uint8Array {
  checkU64(value, what);
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, value);
  return bytes;
}

/** Sorted, unique checksums, 8 bytes each. Sorts and removes duplicates so equal sets encode equally. */
export function encodeChecksums(values: readonly Checksum[], what = 'checksum'): Uint8Array {
  let sorted = values;
  for (let i = 1; i < values.length; i++) {
    if ((values[i] as bigint) <= (values[i - 1] as bigint)) {
      sorted = [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      break;
    }
  }
  const bytes = new Uint8Array(sorted.length * 8);
  const view = new DataView(bytes.buffer);
  sorted.forEach((value, i) => {
    checkU64(value, what);
    view.setBigUint64(i * 8, value);
  });
  return bytes;
}

/**
 * Fingerprint ids of one test: sorted, then each gap from the previous id as an unsigned LEB128
 * varint. Typically 1–2 bytes per link instead of a row in a link table plus its index.
 */
export function encodeIds(ids: readonly number[]): Uint8Array {
  const sorted = new Uint32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) throw new RangeError(`fingerprint id ${id} out of range`);
    sorted[i] = id;
  }
  sorted.sort();
  const out = new Uint8Array(sorted.length * 5);
  let at = 0;
  let previous = -1;
  for (const id of sorted) {
    if (id === previous) continue;
    let gap = id - Math.max(previous, 0);
    previous = id;
    while (gap >= 0x80) {
      out[at++] = (gap & 0x7f) | 0x80;
      gap >>>= 7;
    }
    out[at++] = gap;
  }
  return out.slice(0, at);
}

export function decodeIds(bytes: Uint8Array): number[] {
  // Every id ends with the one byte that has no continuation bit.
  let count = 0;
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) < 0x80) count++;
  if (bytes.length > 0 && (bytes[bytes.length - 1] as number) >= 0x80) throw new RangeError('a stored fingerprint id list is truncated');
  const ids = new Array<number>(count);
  let previous = 0;
  let at = 0;
  for (let n = 0; n < count; n++) {
    let gap = 0;
    let scale = 1;
    let byte = bytes[at++] as number;
    while (byte >= 0x80) {
      gap += (byte & 0x7f) * scale;
      scale *= 128;
      byte = bytes[at++] as number;
    }
    previous += gap + byte * scale;
    ids[n] = previous;
  }
  return ids;
}

/** Sets `marks[id] = 1` for every id of an encoded list (ids beyond `marks` are ignored). */
export function markIds(bytes: Uint8Array, marks: Uint8Array): void {
  let previous = 0;
  let gap = 0;
  let scale = 1;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte >= 0x80) {
      gap += (byte & 0x7f) * scale;
      scale *= 128;
      continue;
    }
    previous += gap + byte * scale;
    if (previous < marks.length) marks[previous] = 1;
    gap = 0;
    scale = 1;
  }
}

/** A block table's checksums in block order (not sorted: they pair with the names), 8 bytes each. */
export function encodeBlockChecksums(blocks: readonly BlockSummary[], file: string): Uint8Array {
  const bytes = new Uint8Array(blocks.length * 8);
  const view = new DataView(bytes.buffer);
  blocks.forEach((block, i) => {
    checkU64(block.checksum, `the checksum of block ${block.name} of ${file}`);
    view.setBigUint64(i * 8, block.checksum);
  });
  return bytes;
}
