import * as path from 'path';
import { fromStorePath, isInstalledPackage, resolvePath, toStorePath } from '../../src/jest/paths';

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

  test('resolvePath is path.resolve, also for paths that are relative or not normalised', () => {
    for (const p of ['/repo/app/a.ts', '/repo/app/', '/repo//app/a.ts', '/repo/./a.ts', '/repo/../a.ts', '/', 'a.ts', './a.ts', '/repo/.x/a.ts', '/repo/..x']) {
      expect([p, resolvePath(p)]).toEqual([p, path.resolve(p)]);
    }
  });

  test('a file is in an installed package when a segment of its path is node_modules', () => {
    const sep = path.sep;
    expect(isInstalledPackage(['', 'repo', 'node_modules', 'x', 'index.js'].join(sep))).toBe(true);
    expect(isInstalledPackage(['', 'repo', 'node_modules'].join(sep))).toBe(true);
    expect(isInstalledPackage(['node_modules', 'x.js'].join(sep))).toBe(true);
    expect(isInstalledPackage(['', 'repo', 'my_node_modules', 'x.js'].join(sep))).toBe(false);
    expect(isInstalledPackage(['', 'repo', 'node_modules_old', 'x.js'].join(sep))).toBe(false);
    expect(isInstalledPackage(['', 'repo', 'src', 'node_modules.ts'].join(sep))).toBe(false);
  });
});
