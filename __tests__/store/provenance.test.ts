import * as path from 'path';
import { mergeStores, openStore, readFileProvenance, saveRun } from '../../src/store';
import { cleanUp, fingerprint, runRecord, tempDir, testRun } from './helpers';

describe('provenance: when and at which commit a data file was saved', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => cleanUp(dir));

  const run = (test: string) => runRecord([testRun(test, [fingerprint('src/a.ts', 1n, [2n])])]);

  test('a save records it; the snapshot and readFileProvenance return it', async () => {
    const file = path.join(dir, 'data');
    await saveRun(file, { ...run('a.test.ts'), provenance: { savedAt: 1000, commit: 'a'.repeat(40) } });
    expect((await openStore(file, 'default')).snapshot.provenance).toEqual({ savedAt: 1000, commit: 'a'.repeat(40) });
    await saveRun(file, { ...run('b.test.ts'), provenance: { savedAt: 2000 } });
    expect(await readFileProvenance(file)).toEqual({ savedAt: 2000 });
  });

  test('a file saved without it has none', async () => {
    const file = path.join(dir, 'data');
    await saveRun(file, run('a.test.ts'));
    expect(await readFileProvenance(file)).toBeUndefined();
    expect(await readFileProvenance(path.join(dir, 'missing'))).toBeUndefined();
  });

  test('a merge keeps the newest', async () => {
    const [a, b, out] = ['a', 'b', 'out'].map((name) => path.join(dir, name)) as [string, string, string];
    await saveRun(a, { ...run('a.test.ts'), provenance: { savedAt: 5000, commit: 'b'.repeat(40) } });
    await saveRun(b, { ...run('b.test.ts'), provenance: { savedAt: 3000, commit: 'c'.repeat(40) } });
    expect((await mergeStores(out, [b, a])).saved).toBe(true);
    expect(await readFileProvenance(out)).toEqual({ savedAt: 5000, commit: 'b'.repeat(40) });
  });
});
