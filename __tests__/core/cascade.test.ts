/**
 * The cascade's first rung, from a stat or from the run's crawl (Jest's haste map: mtimes to the
 * millisecond, and a size that stays as first seen while that mtime stays).
 */
import { detectChanges, RACY_MTIME_MS, unchangedSinceCrawl, type FileSource, type FileStat } from '../../src/core/cascade';
import type { FileState } from '../../src/store/types';
import { getHasher } from './harness';

const NOW = 1_800_000_000_000;
const OLD = NOW - 3_600_000 + 0.4375;

/** An in-memory file system that counts what the cascade asked of it. */
function memorySource(files: Record<string, { stat: FileStat; text: string; crawled?: FileStat }>): FileSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    stat: (path) => (asked.push(`stat ${path}`), files[path]?.stat),
    read: (path) => (asked.push(`read ${path}`), files[path] ? new TextEncoder().encode(files[path].text) : undefined),
    crawled: (path) => files[path]?.crawled,
  };
}

const last = (path: string, mtimeMs: number, size: number, checkedAt = NOW - 60_000): FileState => ({ path, mtimeMs, size, hash: 0n, blocks: [], checkedAt });

describe('unchangedSinceCrawl', () => {
  const seen = { mtimeMs: OLD, size: 10, checkedAt: NOW - 60_000 };
  test('the same millisecond, rounded or cut, and the same size: unchanged', () => {
    expect(unchangedSinceCrawl(seen, { mtimeMs: Math.trunc(OLD), size: 10 })).toBe(true);
    const later = { ...seen, mtimeMs: OLD + 0.25 };
    expect(unchangedSinceCrawl(later, { mtimeMs: Math.round(later.mtimeMs), size: 10 })).toBe(true);
    expect(unchangedSinceCrawl(later, { mtimeMs: Math.trunc(later.mtimeMs), size: 10 })).toBe(true);
  });
  test('another millisecond, another size, or no crawl: no verdict', () => {
    expect(unchangedSinceCrawl(seen, { mtimeMs: Math.trunc(OLD) + 1, size: 10 })).toBe(false);
    expect(unchangedSinceCrawl(seen, { mtimeMs: Math.trunc(OLD) - 1, size: 10 })).toBe(false);
    expect(unchangedSinceCrawl(seen, { mtimeMs: Math.trunc(OLD), size: 11 })).toBe(false);
    expect(unchangedSinceCrawl(seen, undefined)).toBe(false);
  });
  test('an mtime of whole milliseconds (set by tar, unzip, touch -d) or too recent when seen: no verdict', () => {
    expect(unchangedSinceCrawl({ ...seen, mtimeMs: Math.trunc(OLD) }, { mtimeMs: Math.trunc(OLD), size: 10 })).toBe(false);
    const racy = { ...seen, checkedAt: OLD + RACY_MTIME_MS - 1 };
    expect(unchangedSinceCrawl(racy, { mtimeMs: Math.trunc(OLD), size: 10 })).toBe(false);
  });
});

describe('detectChanges with a crawl', () => {
  test('files the crawl vouches for are neither stat-ed nor read; the others go down the cascade', async () => {
    const hasher = await getHasher();
    const same = { mtimeMs: Math.round(OLD), size: 5 };
    const source = memorySource({
      'crawled.js': { stat: { mtimeMs: OLD, size: 5 }, text: 'x = 1', crawled: same },
      'edited.js': { stat: { mtimeMs: NOW - 10_000.25, size: 5 }, text: 'x = 2', crawled: { mtimeMs: Math.round(NOW - 10_000.25), size: 5 } },
      'whole.js': { stat: { mtimeMs: Math.trunc(OLD), size: 5 }, text: 'x = 3', crawled: { mtimeMs: Math.trunc(OLD), size: 5 } },
      'unseen.js': { stat: { mtimeMs: OLD, size: 5 }, text: 'x = 4' },
    });
    const known = new Map([
      ['crawled.js', last('crawled.js', OLD, 5)],
      ['edited.js', last('edited.js', OLD, 5)],
      ['whole.js', last('whole.js', Math.trunc(OLD), 5)],
      ['unseen.js', last('unseen.js', OLD, 5)],
    ]);
    const current = detectChanges(['crawled.js', 'edited.js', 'whole.js', 'unseen.js', 'gone.js'], known, source, hasher, NOW);
    expect(source.asked).toEqual(['stat edited.js', 'read edited.js', 'stat whole.js', 'stat unseen.js', 'stat gone.js']);
    expect(current.get('crawled.js')).toMatchObject({ changed: false, state: known.get('crawled.js') });
    expect(current.get('edited.js')).toMatchObject({ changed: true, state: { mtimeMs: NOW - 10_000.25, checkedAt: NOW } });
    expect(current.get('whole.js')).toMatchObject({ changed: false });
    expect(current.get('unseen.js')).toMatchObject({ changed: false });
    expect(current.get('gone.js')).toBeNull();
  });
});
