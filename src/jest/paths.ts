// `import * as` compiles to a getter per member; this module runs per file on every selection.
import path = require('path');

/** A path relative to the store's root with `/` separators, as the data file keeps it. */
export function toStorePath(root: string, absolute: string): string {
  // Jest's paths are absolute and normalised: one below a normalised root is the rest of the
  // string. `path.relative` costs microseconds, and the reporter asks for every file a test ran.
  if (path.sep === '/' && absolute.length > root.length + 1 && absolute.startsWith(root) && absolute[root.length] === '/' && isNormalRoot(root)) {
    const rest = absolute.slice(root.length + 1);
    if (!ODD_SEGMENT.test(rest)) return rest;
  }
  return path.relative(root, absolute).split(path.sep).join('/');
}

/** An empty, `.` or `..` segment, or a trailing separator: what `path.relative` would normalise. */
const ODD_SEGMENT = /(^|\/)\.{0,2}(\/|$)/;

let normalRoot: string | undefined;

/** Whether `root` is absolute and normalised, without a trailing separator (the last answer kept). */
function isNormalRoot(root: string): boolean {
  if (root === normalRoot) return true;
  const normal = path.isAbsolute(root) && path.normalize(root) === root && !root.endsWith('/');
  if (normal) normalRoot = root;
  return normal;
}

/** The absolute path of a store path. */
export function fromStorePath(root: string, relative: string): string {
  // Stored paths are normalised: one below the root joins as it is (a selection does this per file).
  if (!relative.startsWith('..') && !path.isAbsolute(relative) && path.isAbsolute(root) && relative !== '') {
    const native = path.sep === '/' ? relative : relative.split('/').join(path.sep);
    return root.endsWith(path.sep) ? root + native : root + path.sep + native;
  }
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
  return NODE_MODULES.test(absolute);
}

const SEP = path.sep === '/' ? '/' : '\\\\';
/** A `node_modules` segment: asked of every file a test opens, so no array of segments per call. */
const NODE_MODULES = new RegExp(`(?:^|${SEP})node_modules(?:${SEP}|$)`);

/** `path.resolve(file)`, without its cost for a path that is absolute and normalised already (as Jest's are). */
export function resolvePath(file: string): string {
  if (path.sep === '/' && file.startsWith('/') && !ODD_SEGMENT.test(file.slice(1))) return file;
  return path.resolve(file);
}
