/**
 * Import specifiers read from source text, including the type-only imports that Jest's dependency
 * extractor leaves out (the compiler erases them, but a type-checking transform still reads them).
 */
export interface ImportSpecifiers {
  /** Every module the file names in an import, export-from, `require` or `import()`. */
  imports: string[];
  /** The subset it re-exports (`export * from`, `export { x } from`): a barrel passes changes on. */
  reexports: string[];
}

const IMPORT = /\bimport\s+(?:type\s+)?(?:[\w$*{}\s,]+?\s+from\s+)?['"]([^'"\n]+)['"]/g;
const EXPORT_FROM = /\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s*['"]([^'"\n]+)['"]/g;
const CALL = /\b(?:require|import)\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g;
const IMPORT_EQUALS = /\bimport\s+[\w$]+\s*=\s*require\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g;

/**
 * A quick scan for import specifiers. It may see an import inside a comment or a string (harmless:
 * one more file to check), never misses a static one.
 *
 * @example
 * scanImports("import type { A } from './a';\nexport * from './b';") // { imports: ['./a', './b'], reexports: ['./b'] }
 */
export function scanImports(text: string): ImportSpecifiers {
  const imports = new Set<string>();
  const reexports = new Set<string>();
  for (const re of [IMPORT, CALL, IMPORT_EQUALS]) {
    for (const match of text.matchAll(re)) imports.add(match[1]!);
  }
  for (const match of text.matchAll(EXPORT_FROM)) {
    imports.add(match[1]!);
    reexports.add(match[1]!);
  }
  return { imports: [...imports], reexports: [...reexports] };
}

/**
 * The files a change can break through the type checker: the changed files' importers, and through
 * re-exporting files (barrels) their importers in turn. A non-barrel importer that compiles passes
 * no types on, so the walk stops there.
 *
 * @param importersOf the files that import `file` directly, each with whether it re-exports it.
 */
export function compileReach(
  changed: Iterable<string>,
  importersOf: (file: string) => ReadonlyArray<{ file: string; reexports: boolean }>,
): Set<string> {
  const reached = new Set<string>();
  const queue = [...changed];
  const expanded = new Set(queue);
  while (queue.length > 0) {
    for (const importer of importersOf(queue.pop()!)) {
      reached.add(importer.file);
      if (importer.reexports && !expanded.has(importer.file)) {
        expanded.add(importer.file);
        queue.push(importer.file);
      }
    }
  }
  return reached;
}
