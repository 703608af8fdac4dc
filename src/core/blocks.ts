import { collectFunctions, type FunctionSite } from './functions';
import { PLACEHOLDER, SEPARATOR, normalizeLineEndings, tokenText } from './normalize';
import { isCodeFile, parseCode, type BabelNode, type BabelToken } from './parse';
import { endPosition } from './positions';
import type { Block, BlockTables, Checksum, FileBlocks, Hasher, Position } from './types';

export { isCodeFile } from './parse';

/** Name of the module block. */
export const MODULE_BLOCK = '<module>';
/** Name of the single block of a file that is not code or does not parse. */
export const FILE_BLOCK = '<file>';

/**
 * The whole-file content hash: xxHash64 of the bytes, or of the UTF-8 encoding of a string (both give
 * the same value for the same content).
 *
 * @example
 * fileHash(fs.readFileSync(file), hasher) === fileHash(fs.readFileSync(file, 'utf8'), hasher); // true for UTF-8 files
 */
export function fileHash(content: Uint8Array | string, hasher: Hasher): Checksum {
  return typeof content === 'string' ? hasher.hashString(content) : hasher.hashBytes(content);
}

/**
 * pytest-testmon's block model for JavaScript and TypeScript: `blocks[0]` is the module (the code
 * outside every function), then one block per function, method, getter/setter, constructor or arrow
 * (kind `function`) and per class static block (kind `static`), in source order.
 *
 * - A nested function stands as a placeholder (a marker and its name) in its parent, so edits inside
 *   it change only its own checksum, while renaming it changes the parent's too. Top-level function
 *   declarations are the exception: hoisted before any code runs, they leave no trace in the module
 *   block (unless two share a name or the name is a well-known global), so adding or removing one
 *   does not touch the tests that did not call it.
 * - A function's block covers its whole node (name, parameters, defaults, body) minus its nested
 *   functions and its decorators; class bodies (fields, decorators, types) belong to the enclosing block.
 * - Checksums are over the block's tokens: whitespace, comments, line endings and trailing commas never
 *   change one, any other token does. A function's checksum includes its path of names
 *   (`outer/inner#1`, with an occurrence counter for same-named siblings), so two identical functions
 *   never share a checksum.
 * - Files whose extension is not `.js .cjs .mjs .jsx .ts .cts .mts .tsx`, and code that does not parse,
 *   become one `raw` block whose checksum is the hash of the text (`parseError` says why for code).
 *
 * Never throws.
 *
 * @example
 * const { blocks } = splitBlocks('export function add(a, b) { return a + b; }', 'math.ts', hasher);
 * blocks.map((b) => b.name); // => ['<module>', 'add']
 */
export function splitBlocks(source: string, filename: string, hasher: Hasher): FileBlocks {
  if (!isCodeFile(filename)) return rawBlocks(source, hasher);
  let parsed: ReturnType<typeof parseCode>;
  const text = normalizeLineEndings(source);
  try {
    parsed = parseCode(text, filename);
  } catch (error) {
    parsed = { error: error instanceof Error ? error.message : String(error) };
  }
  if (parsed === undefined) return rawBlocks(source, hasher);
  if ('error' in parsed) return { ...rawBlocks(source, hasher), parseError: parsed.error };
  try {
    return codeBlocks(text, parsed.program, collectFunctions(parsed.program, parsed.dts), parsed.tokens, hasher);
  } catch (error) {
    // A tree too deep for the stack, or a parser surprise: the file still gets a safe fingerprint.
    return { ...rawBlocks(source, hasher), parseError: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * {@link splitBlocks} through `tables`: a table kept for this content is reused, a new one is kept.
 * A table from a parse error is not kept (a tree too deep for the stack is no property of the content).
 *
 * @param source the content, or a way to get it: a caller holding bytes decodes them only when no table is kept.
 * @param hash the content's {@link fileHash}.
 */
export function blocksOf(source: string | (() => string), path: string, hash: Checksum, hasher: Hasher, tables: BlockTables | undefined): FileBlocks {
  const text = (): string => (typeof source === 'string' ? source : source());
  if (!tables || !isCodeFile(path)) return splitBlocks(text(), path, hasher);
  const kept = tables.get(path, hash);
  if (kept) return kept;
  const blocks = splitBlocks(text(), path, hasher);
  if (blocks.parseError === undefined) tables.set(path, hash, blocks);
  return blocks;
}

function rawBlocks(source: string, hasher: Hasher): FileBlocks {
  return {
    blocks: [
      {
        name: FILE_BLOCK,
        kind: 'raw',
        start: { line: 1, column: 0 },
        end: endPosition(source),
        parent: -1,
        checksum: hasher.hashString(source),
      },
    ],
  };
}

interface Pending {
  site: FunctionSite | undefined;
  /** Path of names from the module: unique in the file, part of the checksum. */
  key: string;
  display: string;
  parent: number;
  parts: string[];
}

function codeBlocks(
  text: string,
  program: BabelNode,
  found: FunctionSite[],
  tokens: readonly BabelToken[],
  hasher: Hasher,
): FileBlocks {
  const sites = found.sort((a, b) => a.start - b.start || b.end - a.end);
  const pending: Pending[] = [{ site: undefined, key: MODULE_BLOCK, display: MODULE_BLOCK, parent: -1, parts: [] }];
  const siblings = new Map<string, number>();
  const stack: number[] = [0];
  let next = 0;

  const endOf = (index: number): number => pending[index]!.site?.end ?? Infinity;
  const enter = (site: FunctionSite): void => {
    while (stack.length > 1 && endOf(stack[stack.length - 1]!) <= site.start) stack.pop();
    const parent = stack[stack.length - 1]!;
    const outer = pending[parent]!;
    const counterKey = `${outer.key}${SEPARATOR}${site.name}`;
    const seen = siblings.get(counterKey) ?? 0;
    siblings.set(counterKey, seen + 1);
    const local = site.anonymous
      ? site.name.replace(/<anonymous>$/, `<anonymous:${site.startAt.line}>`)
      : site.name;
    pending.push({
      site,
      key: `${outer.key}/${site.name}${seen > 0 ? `#${seen}` : ''}`,
      display: parent === 0 ? local : `${outer.display}.${local}`,
      parent,
      parts: [],
    });
    if (!site.hoisted) outer.parts.push(PLACEHOLDER + site.name);
    stack.push(pending.length - 1);
  };

  // The block tokens go to, the offset where it ends, and where the next function starts.
  let parts = pending[0]!.parts;
  let topEnd = Infinity;
  let nextStart = sites[0]?.start ?? Infinity;
  for (const token of tokens) {
    const piece = tokenText(text, token);
    if (piece === undefined) continue;
    if (token.start >= topEnd || token.start >= nextStart) {
      while (stack.length > 1 && endOf(stack[stack.length - 1]!) <= token.start) stack.pop();
      while (next < sites.length && sites[next]!.start <= token.start) enter(sites[next++]!);
      const top = stack[stack.length - 1]!;
      parts = pending[top]!.parts;
      topEnd = endOf(top);
      nextStart = sites[next]?.start ?? Infinity;
    }
    if (isCloser(piece) && isTrailingComma(parts)) parts.pop();
    parts.push(piece);
  }
  while (next < sites.length) enter(sites[next++]!);

  const blocks: Block[] = [];
  const used = new Set<Checksum>();
  for (const { site, key, display, parent, parts } of pending) {
    let checksum = hasher.hashString(key + SEPARATOR + parts.join(SEPARATOR));
    // Keys are unique, so equal checksums would be a 64-bit collision; keep them apart all the same.
    for (let salt = 1; used.has(checksum); salt++) checksum = hasher.hashString(`${key}#${salt}${SEPARATOR}${parts.join(SEPARATOR)}`);
    used.add(checksum);
    if (!site) {
      blocks.push({
        name: display,
        kind: 'module',
        start: { line: 1, column: 0 },
        end: endOfProgram(program),
        parent: -1,
        checksum,
      });
      continue;
    }
    blocks.push({
      name: display,
      kind: site.kind,
      start: site.startAt,
      end: site.endAt,
      bodyStart: site.bodyAt,
      parent,
      checksum,
    });
  }
  return { blocks };
}

function isCloser(piece: string): boolean {
  return piece === ')' || piece === ']' || piece === '}';
}

/**
 * A comma right before a closing bracket changes nothing (`f(a,)`, `{a,}`, `[a,]`), so formatters add
 * and remove them freely; array holes (`[,]`, `[a,,]`) are the exception and keep theirs.
 */
function isTrailingComma(parts: readonly string[]): boolean {
  const before = parts[parts.length - 2];
  return parts[parts.length - 1] === ',' && before !== undefined && before !== '[' && before !== ',';
}

/** Babel's program ends at the end of the input, comments and whitespace included. */
function endOfProgram(program: BabelNode): Position {
  const { line, column } = (program as { loc?: { end: Position } }).loc!.end;
  return { line, column };
}
