import * as path from 'path';
import { fromStorePath, toStorePath } from '../../src/jest/paths';

describe('store paths', () => {
  const root = path.resolve('/repo/app');

  test('round trip below the root, above it, and from a root given with a trailing separator', () => {
    for (const absolute of [path.join(root, 'src', 'a.ts'), path.join(root, 'a.json'), path.resolve(root, '..', 'shared', 'b.ts')]) {
      const stored = toStorePath(root, absolute);
      expect(stored.includes('\\')).toBe(false);
      expect(fromStorePath(root, stored)).toBe(absolute);
      expect(fromStorePath(root + path.sep, stored)).toBe(absolute);
    }
    expect(toStorePath(root, path.resolve(root, '..', 'shared', 'b.ts'))).toBe('../shared/b.ts');
  });

  test('the same as path.relative for paths that are not normalised, roots that are not, and prefixes that are not directories', () => {
    const roots = ['/repo/app', '/repo/app/', '/repo/./app', '/repo//app', '/', 'repo/app'];
    const paths = ['/repo/app/src/a.ts', '/repo/app/src//a.ts', '/repo/app/src/./a.ts', '/repo/app/src/../a.ts', '/repo/app/src/', '/repo/app/.', '/repo/app/..', '/repo/app/..x/a.ts', '/repo/app/.x', '/repo/application/a.ts', '/repo/app', '/repo/app//a.ts', '/other/a.ts'];
    for (const r of roots) for (const p of paths) expect([r, p, toStorePath(r, p)]).toEqual([r, p, path.relative(r, p).split(path.sep).join('/')]);
  });

  test('a relative root still resolves against the working directory', () => {
    expect(fromStorePath('app', 'src/a.ts')).toBe(path.resolve('app', 'src', 'a.ts'));
  });
});
