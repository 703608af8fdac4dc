import { normalizeLineEndings } from './normalize';
import { parseCode, type BabelNode } from './parse';
import { comparePositions } from './positions';
import type { FileBlocks, Position } from './types';

/** Where a test case was defined: the `test(…)` call in its test file, and the case's own title. */
export interface CaseSite {
  at: Position;
  title: string;
}

interface Call {
  start: Position;
  end: Position;
  node: BabelNode;
}

const FUNCTIONS = new Set(['ArrowFunctionExpression', 'FunctionExpression']);

/**
 * The blocks of a test file that belong to single test cases: for each case, the function passed to
 * the `test(…)`/`it(…)` call around its site, and every block nested in it. Everything else of the
 * file (module code, describe bodies, hooks, helpers) is shared by all cases.
 *
 * A site comes from a stack trace, mapped through the transform's source map. When one case with a
 * plain string title lands on a call whose title differs, the positions cannot be trusted and no
 * case gets a block (`undefined`): a block given to the wrong case would hide a change from the
 * right one. A case whose call is not found gets no block, so its callback stays shared.
 */
export function caseCallbackBlocks(source: string, filename: string, file: FileBlocks, sites: ReadonlyArray<CaseSite | undefined>): number[][] | undefined {
  if (file.blocks[0]?.kind !== 'module') return undefined;
  let parsed: ReturnType<typeof parseCode>;
  try {
    parsed = parseCode(normalizeLineEndings(source), filename);
  } catch {
    return undefined;
  }
  if (!parsed || 'error' in parsed) return undefined;
  const calls: Call[] = [];
  collectCalls(parsed.program, calls);

  const children = new Map<number, number[]>();
  file.blocks.forEach((block, index) => {
    if (block.parent < 0) return;
    const list = children.get(block.parent);
    if (list) list.push(index);
    else children.set(block.parent, [index]);
  });
  const withNested = (index: number): number[] => [index, ...(children.get(index) ?? []).flatMap(withNested)];

  const result: number[][] = [];
  for (const site of sites) {
    const call = site && innermost(calls, site.at);
    if (!call) {
      result.push([]);
      continue;
    }
    const [title, ...rest] = call.node.arguments as BabelNode[];
    // `test.each(table)('adds %i', fn)` formats its titles.
    const formatted = (call.node.callee as BabelNode).type.endsWith('CallExpression') || (call.node.callee as BabelNode).type === 'TaggedTemplateExpression';
    const literal = title && !formatted ? literalText(title) : undefined;
    if (literal !== undefined && literal !== site.title) return undefined;
    const owned: number[] = [];
    for (const argument of rest) {
      if (!FUNCTIONS.has(argument.type)) continue;
      const start = (argument.loc as { start: Position }).start;
      const index = file.blocks.findIndex((block) => block.kind === 'function' && comparePositions(block.start, start) === 0);
      if (index > 0) owned.push(...withNested(index));
    }
    result.push(owned);
  }
  return result;
}

function collectCalls(node: unknown, into: Call[]): void {
  if (Array.isArray(node)) {
    for (const child of node) collectCalls(child, into);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const babel = node as BabelNode;
  if (typeof babel.type !== 'string') return;
  if (babel.type === 'CallExpression' || babel.type === 'OptionalCallExpression') {
    const loc = babel.loc as { start: Position; end: Position };
    into.push({ start: loc.start, end: loc.end, node: babel });
  }
  for (const key of Object.keys(babel)) {
    if (key !== 'loc' && key !== 'leadingComments' && key !== 'trailingComments' && key !== 'innerComments') collectCalls(babel[key], into);
  }
}

/** The smallest call whose span holds `at`. */
function innermost(calls: readonly Call[], at: Position): Call | undefined {
  let best: Call | undefined;
  for (const call of calls) {
    if (comparePositions(call.start, at) > 0 || comparePositions(at, call.end) >= 0) continue;
    if (!best || comparePositions(call.start, best.start) >= 0) best = call;
  }
  return best;
}

/** The text of a string literal or a template without expressions; `undefined` for anything else. */
function literalText(node: BabelNode): string | undefined {
  if (node.type === 'StringLiteral') return node.value as string;
  if (node.type === 'TemplateLiteral' && (node.expressions as unknown[]).length === 0) {
    return ((node.quasis as Array<{ value: { cooked: string } }>)[0])?.value.cooked;
  }
  return undefined;
}
