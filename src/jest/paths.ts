import * as path from 'path';

/** A path relative to the store's root with `/` separators, as the data file keeps it. */
export function toStorePath(root: string, absolute: string): string {
  return path.relative(root, absolute).split(path.sep).join('/');
}

/** The absolute path of a store path. */
export function fromStorePath(root: string, relative: string): string {
  return path.resolve(root, ...relative.split('/'));
}

/** The deepest directory that contains every one of `dirs`. */
export function commonAncestor(dirs: readonly string[]): string {
  if (dirs.length === 0) return process.cwd();
  let common = path.resolve(dirs[0]!);
  for (const dir of dirs.slice(1)) {
    const resolved = path.resolve(dir);
    while (common !== path.dirname(common) && path.relative(common, resolved).startsWith('..')) {
      common = path.dirname(common);
    }
  }
  return common;
}

/** Whether a file belongs to an installed package rather than the project. */
export function isInstalledPackage(absolute: string): boolean {
  return absolute.split(path.sep).includes('node_modules');
}
