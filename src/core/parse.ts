import { parse, type ParserOptions, type ParserPlugin } from '@babel/parser';

/** What a successful parse hands to the block splitter. */
export interface Parsed {
  program: BabelNode;
  tokens: BabelToken[];
  /** A declaration file (`.d.ts`, `.d.mts`, `.d.cts`): types only, no runtime code. */
  dts: boolean;
}

/** The few fields of a Babel node the splitter reads; the rest is reached by walking keys. */
export interface BabelNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/** A Babel token (`tokens: true`). Comments appear among them with a string `type`. */
export interface BabelToken {
  type: string | { label: string };
  start: number;
  end: number;
}

const JS_EXTENSIONS = ['.js', '.cjs', '.mjs', '.jsx'] as const;
const TS_EXTENSIONS = ['.ts', '.cts', '.mts'] as const;

/** Whether a file name has one of the extensions the splitter parses as code. */
export function isCodeFile(filename: string): boolean {
  return extensionOf(filename) !== undefined;
}

type Extension = (typeof JS_EXTENSIONS)[number] | (typeof TS_EXTENSIONS)[number] | '.tsx';

function extensionOf(filename: string): Extension | undefined {
  const dot = filename.lastIndexOf('.');
  if (dot < 0 || dot < filename.lastIndexOf('/') || dot < filename.lastIndexOf('\\')) return undefined;
  const ext = filename.slice(dot).toLowerCase();
  if (ext === '.tsx') return ext;
  return (JS_EXTENSIONS as readonly string[]).includes(ext) || (TS_EXTENSIONS as readonly string[]).includes(ext)
    ? (ext as Extension)
    : undefined;
}

function isDeclarationFile(filename: string): boolean {
  return /\.d\.[cm]?ts$/i.test(filename);
}

/**
 * Plugin sets to try in order, by extension. The first that parses wins, so a given text always gets
 * the same tokens. TypeScript first tries legacy decorators (parameter decorators, `experimentalDecorators`)
 * then the standard ones; JavaScript tries the standard ones, legacy ones, then Flow.
 */
function pluginSets(filename: string, ext: Extension): ParserPlugin[][] {
  if (ext === '.tsx' || (TS_EXTENSIONS as readonly string[]).includes(ext)) {
    const dts = isDeclarationFile(filename);
    const ts: ParserPlugin = ['typescript', { dts }];
    const jsx: ParserPlugin[] = ext === '.tsx' ? ['jsx'] : [];
    return [
      [ts, ...jsx, 'decorators-legacy', 'decoratorAutoAccessors'],
      [ts, ...jsx, 'decorators', 'decoratorAutoAccessors'],
    ];
  }
  return [
    ['jsx', 'decorators', 'decoratorAutoAccessors'],
    ['jsx', 'decorators-legacy', 'decoratorAutoAccessors'],
    ['jsx', 'flow'],
    ['flow'],
    [],
  ];
}

const BASE_OPTIONS: ParserOptions = {
  // Module if the file imports or exports, script otherwise (sloppy CommonJS keeps `with`, octals …).
  sourceType: 'unambiguous',
  allowReturnOutsideFunction: true,
  allowAwaitOutsideFunction: true,
  allowNewTargetOutsideFunction: true,
  allowSuperOutsideMethod: true,
  allowUndeclaredExports: true,
  attachComment: false,
  errorRecovery: false,
  tokens: true,
};

/**
 * Parses a JS/TS file with the plugins its extension calls for, retrying other plugin sets.
 *
 * @returns the program and its tokens, `{error}` when no plugin set parses it, or `undefined` when the
 * extension is not one of code.
 */
export function parseCode(text: string, filename: string): Parsed | { error: string } | undefined {
  const ext = extensionOf(filename);
  if (!ext) return undefined;
  let first: string | undefined;
  for (const plugins of pluginSets(filename, ext)) {
    try {
      const file = parse(text, { ...BASE_OPTIONS, plugins }) as unknown as {
        program: BabelNode;
        tokens: BabelToken[];
      };
      return { program: file.program, tokens: file.tokens, dts: isDeclarationFile(filename) };
    } catch (error) {
      first ??= error instanceof Error ? error.message : String(error);
    }
  }
  return { error: first ?? 'unparsable' };
}
