import { parseCode, type BabelNode } from './parse';
import { FUNCTION_TYPES } from './functions';

/** Text to insert at an offset of the code. */
export interface Insertion {
  offset: number;
  text: string;
}

/** One counted function, by offsets in the code that was planned. */
export interface CounterSite {
  /** Where the function starts (its first token: `function`, `async`, a parameter, a method key). */
  start: number;
  /** Where its body starts: the `{`, or the expression of an arrow function. */
  body: number;
}

/** Where counters go in a piece of code: the functions in the order of their counters. */
export interface CounterPlan {
  sites: CounterSite[];
  /** The counter statements and, for expression-bodied arrows, the parentheses around the body (for {@link insertAll}, in no order). */
  insertions: Insertion[];
  /** Where the module's own statements may start: after a hashbang line and the directive prologue (whose last directive may lack its semicolon). */
  preludeAt: number;
}

/**
 * Plans a counter at the start of every function of `code` (transformed, runnable JavaScript): the
 * statement `counter(i)` as the first statement of a block body, after its directives (a counter
 * before `'use strict'` would turn the directive into a plain string), and `(counter(i), expr)` for an
 * arrow's expression body. The insertions add no line break, so lines stay where they were.
 *
 * Counting entries is all a fingerprint needs: a block ran exactly when its function was entered (the
 * module block always counts), so a run records the same blocks as with istanbul's statement counters,
 * at the price of one increment per call.
 *
 * @returns `undefined` when the code does not parse.
 * @example
 * const plan = planCounters(code, (i) => `__c()[${i}]++`);
 */
export function planCounters(code: string, counter: (index: number) => string): CounterPlan | undefined {
  // What a transform hands Jest is JavaScript, whatever the file's extension (in TypeScript syntax,
  // `a < b > (c)` would be a generic call).
  const parsed = parseCode(code, 'transformed.js');
  if (!parsed || 'error' in parsed) return undefined;
  const sites: CounterSite[] = [];
  const insertions: Insertion[] = [];
  const visit = (node: BabelNode): void => {
    if (FUNCTION_TYPES.has(node.type)) {
      const body = node.body as BabelNode | null | undefined;
      if (body) {
        const index = sites.push({ start: node.start, body: body.start }) - 1;
        if (body.type === 'BlockStatement') {
          const directives = body.directives as BabelNode[] | undefined;
          if (directives?.length) {
            // A directive may end without a semicolon: a counter starting with `(` would call the string.
            insertions.push({ offset: directives[directives.length - 1]!.end, text: `;${counter(index)};` });
          } else {
            insertions.push({ offset: body.start + 1, text: `${counter(index)};` });
          }
        } else {
          insertions.push({ offset: body.start, text: `(${counter(index)},` }, { offset: body.end, text: ')' });
        }
      }
    }
    for (const key in node) {
      if (key === 'loc' || key === 'extra' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments') continue;
      const value = node[key];
      if (Array.isArray(value)) {
        for (const child of value) if (isNode(child)) visit(child);
      } else if (isNode(value)) visit(value);
    }
  };
  visit(parsed.program);
  const program = parsed.program;
  const directives = program.directives as BabelNode[] | undefined;
  const interpreter = program.interpreter as BabelNode | null | undefined;
  let preludeAt = directives?.length ? directives[directives.length - 1]!.end : 0;
  if (!directives?.length && interpreter) {
    // After the hashbang's line break: on its own line the prelude would be part of the comment.
    const lineEnd = code.indexOf('\n', interpreter.end);
    preludeAt = lineEnd < 0 ? code.length : lineEnd + 1;
  }
  return { sites, insertions, preludeAt };
}

/**
 * `code` with the insertions made; several at one offset keep their order.
 *
 * @example
 * insertAll('ab', [{ offset: 1, text: '-' }]); // 'a-b'
 */
export function insertAll(code: string, insertions: readonly Insertion[]): string {
  const sorted = insertions.map((insertion, order) => ({ ...insertion, order })).sort((a, b) => a.offset - b.offset || a.order - b.order);
  let out = '';
  let at = 0;
  for (const { offset, text } of sorted) {
    out += code.slice(at, offset) + text;
    at = offset;
  }
  return out + code.slice(at);
}

function isNode(value: unknown): value is BabelNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
