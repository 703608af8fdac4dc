import type { BabelNode } from './parse';
import type { Position } from './types';

/** A function-like node found in the syntax tree: the future block, before nesting is known. */
export interface FunctionSite {
  kind: 'function' | 'static';
  /** Offsets in the parsed text: the block covers `[start, end)`; the body begins at `bodyStart`. */
  start: number;
  bodyStart: number;
  end: number;
  /** The same three places as positions. */
  startAt: Position;
  bodyAt: Position;
  endAt: Position;
  /** Name relative to the enclosing block, without line numbers: `Calc.add`, `get total`, `<anonymous>`. */
  name: string;
  anonymous: boolean;
  /**
   * A top-level function declaration (possibly exported): a hoisted binding that exists before any
   * code runs, so it leaves no placeholder in the module block and adding or removing one does not
   * change that block. Its `export` keywords belong to its own block.
   */
  hoisted: boolean;
}

export const FUNCTION_TYPES: ReadonlySet<string> = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ObjectMethod',
  'ClassMethod',
  'ClassPrivateMethod',
]);

/** Wrappers that pass a name on to the function they hold: `const f = (() => 1) as X`. */
const TRANSPARENT = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'TypeCastExpression',
  'ParenthesizedExpression',
]);

/**
 * Globals (ECMAScript, Node, CommonJS wrapper, common browser ones): a top-level function declared
 * with one of these names may shadow what other code of the file calls, so it keeps its placeholder.
 */
const GLOBAL_NAMES = new Set(
  (
    'Array ArrayBuffer Atomics BigInt BigInt64Array BigUint64Array Boolean DataView Date Error EvalError ' +
    'FinalizationRegistry Float32Array Float64Array Function Infinity Int16Array Int32Array Int8Array Intl ' +
    'JSON Map Math NaN Number Object Promise Proxy RangeError ReferenceError Reflect RegExp Set ' +
    'SharedArrayBuffer String Symbol SyntaxError TypeError URIError Uint16Array Uint32Array Uint8Array ' +
    'Uint8ClampedArray WeakMap WeakRef WeakSet decodeURI decodeURIComponent encodeURI encodeURIComponent ' +
    'escape eval globalThis isFinite isNaN parseFloat parseInt undefined unescape AbortController ' +
    'AbortSignal Blob Buffer BroadcastChannel DOMException Event EventTarget FormData Headers ' +
    'MessageChannel MessagePort Request Response TextDecoder TextEncoder URL URLSearchParams WebAssembly ' +
    'atob btoa clearImmediate clearInterval clearTimeout console crypto fetch global performance process ' +
    'queueMicrotask require module exports __dirname __filename setImmediate setInterval setTimeout ' +
    'structuredClone jest expect describe it test beforeAll beforeEach afterAll afterEach document ' +
    'window self navigator location history localStorage sessionStorage alert confirm prompt ' +
    'requestAnimationFrame cancelAnimationFrame getComputedStyle matchMedia'
  ).split(' '),
);

/** TypeScript nodes that hold runtime code; every other `TS…` node is a type and is not walked. */
const RUNTIME_TS = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'TSInstantiationExpression',
  'TSEnumDeclaration',
  'TSEnumBody',
  'TSEnumMember',
  'TSModuleDeclaration',
  'TSModuleBlock',
  'TSParameterProperty',
  'TSExportAssignment',
]);

/** Nodes without runtime children worth walking into. */
const LEAVES = new Set([
  'StringLiteral',
  'NumericLiteral',
  'BooleanLiteral',
  'NullLiteral',
  'BigIntLiteral',
  'RegExpLiteral',
  'TemplateElement',
  'ThisExpression',
  'Super',
  'JSXText',
  'JSXIdentifier',
  'Directive',
  'DirectiveLiteral',
  'EmptyStatement',
  'ImportDeclaration',
  'ExportAllDeclaration',
]);

/**
 * Every function-like node of a program and every class static block, in no particular order.
 * `dts`: a declaration file, which has no runtime code at all.
 */
export function collectFunctions(program: BabelNode, dts = false): FunctionSite[] {
  if (dts) return [];
  const sites: FunctionSite[] = [];
  const hoisted = new Map<BabelNode, BabelNode>();
  const declaredNames = new Map<string, number>();
  for (const statement of program.body as BabelNode[]) {
    let declaration: BabelNode | undefined;
    if (statement.type === 'FunctionDeclaration') declaration = statement;
    else if (
      (statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') &&
      (statement.declaration as BabelNode | null)?.type === 'FunctionDeclaration'
    ) {
      declaration = statement.declaration as BabelNode;
    }
    if (!declaration) continue;
    hoisted.set(declaration, statement);
    const name = declaredName(declaration);
    declaredNames.set(name, (declaredNames.get(name) ?? 0) + 1);
  }

  /**
   * `parent[key]` is `node`; `outer` is the name `parent` passed through (for wrappers such as `as`).
   * Names are worked out only for the nodes that take one.
   */
  const visit = (node: BabelNode, prefix: string, parent: BabelNode, key: string, outer: string | undefined): void => {
    const { type } = node;
    if (type === 'Identifier' ? node.decorators === undefined : LEAVES.has(type) || node.declare === true) return;
    if (type.charCodeAt(0) === 84 /* T */ && type.charCodeAt(1) === 83 /* S */ && !RUNTIME_TS.has(type)) return;
    if (FUNCTION_TYPES.has(type)) {
      const name = functionName(node, prefix, nameFor(parent, key, outer));
      const statement = hoisted.get(node);
      const isHoisted =
        statement !== undefined && declaredNames.get(declaredName(node)) === 1 && !GLOBAL_NAMES.has(declaredName(node));
      const decorators = node.decorators as BabelNode[] | null | undefined;
      const first = isHoisted ? statement : node;
      let start = first.start;
      let startAt = startOf(first);
      if (decorators?.length) {
        // Decorators run when the class is defined: they belong to the enclosing block.
        for (const decorator of decorators) {
          if (decorator.end > start) {
            start = decorator.end;
            startAt = endOf(decorator);
          }
          visit(decorator, prefix, node, 'decorators', undefined);
        }
      }
      const body = node.body as BabelNode;
      sites.push({
        kind: 'function',
        start,
        bodyStart: body.start,
        end: node.end,
        startAt,
        bodyAt: startOf(body),
        endAt: endOf(node),
        name: name ?? `${prefix}<anonymous>`,
        anonymous: name === undefined,
        hoisted: isHoisted,
      });
      visitChildren(node, '', undefined, 'decorators');
      return;
    }
    switch (type) {
      case 'StaticBlock':
        sites.push({
          kind: 'static',
          start: node.start,
          bodyStart: node.start,
          end: node.end,
          startAt: startOf(node),
          bodyAt: startOf(node),
          endAt: endOf(node),
          name: `${prefix}<static>`,
          anonymous: false,
          hoisted: false,
        });
        visitChildren(node, '', undefined);
        return;
      case 'ClassDeclaration':
      case 'ClassExpression': {
        const id = node.id as BabelNode | null;
        const className = id ? (id.name as string) : (nameFor(parent, key, outer) ?? '<class>');
        visitChildren(node, prefix, undefined, 'body');
        visit(node.body as BabelNode, `${prefix}${className}.`, node, 'body', undefined);
        return;
      }
      case 'ObjectExpression': {
        const objectName = nameFor(parent, key, outer);
        visitChildren(node, objectName === undefined ? prefix : `${prefix}${objectName}.`, undefined);
        return;
      }
      default:
        visitChildren(node, prefix, TRANSPARENT.has(type) ? nameFor(parent, key, outer) : undefined);
    }
  };

  const visitChildren = (node: BabelNode, prefix: string, outer: string | undefined, skip?: string): void => {
    // Locations and other plain objects have no `type`; type annotations are cut off in `visit`.
    for (const key of Object.keys(node)) {
      const value = node[key];
      if (typeof value !== 'object' || value === null || key === skip) continue;
      if (Array.isArray(value)) {
        for (const item of value as unknown[]) {
          if (item !== null && typeof item === 'object' && typeof (item as BabelNode).type === 'string') {
            visit(item as BabelNode, prefix, node, key, undefined);
          }
        }
      } else if (typeof (value as BabelNode).type === 'string') {
        visit(value as BabelNode, prefix, node, key, outer);
      }
    }
  };

  visitChildren(program, '', undefined);
  return sites;
}

/** The name a value at `parent[key]` takes from its context (`const f = …`, `{ f: … }`, `a.f = …`). */
function nameFor(parent: BabelNode, key: string, inferred: string | undefined): string | undefined {
  switch (parent.type) {
    case 'VariableDeclarator': {
      const id = parent.id as BabelNode;
      return key === 'init' && id.type === 'Identifier' ? (id.name as string) : undefined;
    }
    case 'AssignmentExpression':
      return key === 'right' ? targetName(parent.left as BabelNode) : undefined;
    case 'AssignmentPattern': {
      const left = parent.left as BabelNode;
      return key === 'right' && left.type === 'Identifier' ? (left.name as string) : undefined;
    }
    case 'ObjectProperty':
    case 'ClassProperty':
    case 'ClassPrivateProperty':
    case 'ClassAccessorProperty':
      return key === 'value' ? keyName(parent) : undefined;
    case 'ExportDefaultDeclaration':
      return key === 'declaration' ? 'default' : undefined;
    default:
      return TRANSPARENT.has(parent.type) && key === 'expression' ? inferred : undefined;
  }
}

function declaredName(node: BabelNode): string {
  const id = node.id as BabelNode | null;
  return id ? (id.name as string) : 'default';
}

function functionName(node: BabelNode, prefix: string, inferred: string | undefined): string | undefined {
  switch (node.type) {
    case 'FunctionDeclaration':
    case 'FunctionExpression': {
      const id = node.id as BabelNode | null;
      if (id) return id.name as string;
      return inferred === undefined ? undefined : `${prefix}${inferred}`;
    }
    case 'ArrowFunctionExpression':
      return inferred === undefined ? undefined : `${prefix}${inferred}`;
    default: {
      const kind = node.kind as string;
      if (kind === 'constructor') return `${prefix}constructor`;
      const name = keyName(node);
      return `${prefix}${kind === 'get' || kind === 'set' ? `${kind} ` : ''}${name}`;
    }
  }
}

/** The name of a property or method key: `add`, `#secret`, `'quoted'` → `quoted`, `[Symbol.iterator]`. */
function keyName(node: BabelNode): string {
  const key = node.key as BabelNode;
  if (node.computed) {
    const target = targetName(key);
    return target === undefined ? '[…]' : `[${target}]`;
  }
  switch (key.type) {
    case 'Identifier':
      return key.name as string;
    case 'PrivateName':
      return `#${(key.id as BabelNode).name as string}`;
    case 'StringLiteral':
      return key.value as string;
    case 'NumericLiteral':
    case 'BigIntLiteral':
      return String(key.value);
    default:
      return '[…]';
  }
}

/** `a`, `this.b`, `module.exports.c` for simple assignment targets; `undefined` for anything else. */
function targetName(node: BabelNode): string | undefined {
  switch (node.type) {
    case 'Identifier':
      return node.name as string;
    case 'ThisExpression':
      return 'this';
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      const object = targetName(node.object as BabelNode);
      if (object === undefined) return undefined;
      const property = node.property as BabelNode;
      if (!node.computed && property.type === 'Identifier') return `${object}.${property.name as string}`;
      if (property.type === 'PrivateName') return `${object}.#${(property.id as BabelNode).name as string}`;
      if (node.computed && property.type === 'StringLiteral') return `${object}.${property.value as string}`;
      return undefined;
    }
    default:
      return undefined;
  }
}

interface Located {
  loc?: { start: Position; end: Position } | null;
}

function startOf(node: BabelNode): Position {
  const { line, column } = (node as Located).loc!.start;
  return { line, column };
}

function endOf(node: BabelNode): Position {
  const { line, column } = (node as Located).loc!.end;
  return { line, column };
}
