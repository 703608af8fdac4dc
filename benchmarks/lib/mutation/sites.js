'use strict';
/**
 * Finds where a fault can be injected: the units of a source file (functions, methods, getters,
 * static members, arrow-function properties, module-level constants, types) and, in each, the
 * sites where a small edit changes behaviour — a comparison flipped, a numeric or string literal
 * changed, + and - swapped, && and || swapped, a boolean result negated, a property type changed.
 * Parsed with the TypeScript compiler (it reads JavaScript too).
 *
 * @typedef {'comparison' | 'arithmetic' | 'logical' | 'number' | 'string' | 'boolean' | 'type' | 'json'} SiteKind
 * @typedef {{kind: SiteKind, start: number, end: number, replacement: string, line: number}} Site
 * @typedef {'function' | 'method' | 'getter' | 'static' | 'arrow' | 'constant' | 'type' | 'json'} UnitKind
 * @typedef {{file: string, name: string, kind: UnitKind, sites: Site[]}} Unit
 */
const ts = require('typescript');
const { changeNumber } = require('./change');

const FLIP = {
  [ts.SyntaxKind.LessThanToken]: '>=',
  [ts.SyntaxKind.GreaterThanToken]: '<=',
  [ts.SyntaxKind.LessThanEqualsToken]: '>',
  [ts.SyntaxKind.GreaterThanEqualsToken]: '<',
  [ts.SyntaxKind.EqualsEqualsEqualsToken]: '!==',
  [ts.SyntaxKind.ExclamationEqualsEqualsToken]: '===',
  [ts.SyntaxKind.EqualsEqualsToken]: '!=',
  [ts.SyntaxKind.ExclamationEqualsToken]: '==',
};
const ARITHMETIC = {
  [ts.SyntaxKind.PlusToken]: '-',
  [ts.SyntaxKind.MinusToken]: '+',
  [ts.SyntaxKind.PlusEqualsToken]: '-=',
  [ts.SyntaxKind.MinusEqualsToken]: '+=',
};
const LOGICAL = {
  [ts.SyntaxKind.AmpersandAmpersandToken]: '||',
  [ts.SyntaxKind.BarBarToken]: '&&',
};
const BOOLEAN_OPERATORS = new Set([...Object.keys(FLIP), ...Object.keys(LOGICAL)].map(Number));

/**
 * The units of a TypeScript or JavaScript file and their mutation sites.
 * @param {string} file path used in the result (relative to the project)
 * @param {string} text the file's content
 * @returns {Unit[]}
 */
function codeUnits(file, text) {
  const kind = /\.(tsx|jsx)$/.test(file) ? ts.ScriptKind.TSX : /\.(ts|mts|cts)$/.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  /** @type {Map<string, Unit>} */
  const units = new Map();
  const unitFor = (name, unitKind) => {
    const key = `${unitKind}:${name}`;
    if (!units.has(key)) units.set(key, { file, name, kind: unitKind, sites: [] });
    return units.get(key);
  };
  const lineOf = (pos) => source.getLineAndCharacterOfPosition(pos).line + 1;
  const add = (unit, siteKind, node, replacement, start = node.getStart(source), end = node.getEnd()) => {
    if (unit) unit.sites.push({ kind: siteKind, start, end, replacement, line: lineOf(start) });
  };

  /** @param {ts.Node} node @param {Unit | null} unit @param {boolean} inLoopHeader */
  const visit = (node, unit, inLoopHeader) => {
    const named = unitOf(node, unit);
    if (named) unit = unitFor(named.name, named.kind);
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isImportEqualsDeclaration(node)) return;
    if (unit && unit.kind === 'type') {
      typeSites(node, unit, add);
    } else if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) {
      return; // annotations in code: not a behaviour change under a transpiling transform
    } else if (unit) {
      codeSites(node, unit, inLoopHeader, source, add);
    }
    ts.forEachChild(node, (child) => visit(child, unit, inLoopHeader || isLoopHeader(node, child)));
  };
  visit(source, null, false);
  return [...units.values()].filter((u) => u.sites.length > 0);
}

/** The unit a node starts, if any: its name and kind. */
function unitOf(node, current) {
  const nameOf = (n) => (n && (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isPrivateIdentifier(n)) ? n.text : null);
  const isStatic = (n) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
  const className = (n) => nameOf(n.parent.name) ?? '(class)';
  if (ts.isFunctionDeclaration(node) && node.name) return { name: `${node.name.text}()`, kind: 'function' };
  if (ts.isMethodDeclaration(node) && ts.isClassLike(node.parent)) {
    return { name: `${className(node)}.${nameOf(node.name)}()`, kind: isStatic(node) ? 'static' : 'method' };
  }
  if (ts.isConstructorDeclaration(node)) return { name: `${className(node)}.constructor()`, kind: 'method' };
  if ((ts.isGetAccessor(node) || ts.isSetAccessor(node)) && ts.isClassLike(node.parent)) {
    return { name: `${className(node)}.${ts.isGetAccessor(node) ? 'get' : 'set'} ${nameOf(node.name)}`, kind: 'getter' };
  }
  if (ts.isPropertyDeclaration(node) && ts.isClassLike(node.parent) && node.initializer) {
    const fn = ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer);
    return { name: `${className(node)}.${nameOf(node.name)}`, kind: fn ? 'arrow' : isStatic(node) ? 'static' : 'method' };
  }
  if (ts.isVariableDeclaration(node) && node.initializer && ts.isIdentifier(node.name) && isModuleLevel(node)) {
    const init = skipParens(node.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return { name: `${node.name.text}()`, kind: 'arrow' };
    // Module-level values, computed when the module loads (object literals of helpers included: their
    // arrow functions become units of their own below).
    return { name: `const ${node.name.text}`, kind: 'constant' };
  }
  if (ts.isPropertyAssignment(node) && ts.isObjectLiteralExpression(node.parent)) {
    const init = skipParens(node.initializer);
    if ((ts.isArrowFunction(init) || ts.isFunctionExpression(init)) && current) {
      const owner = current.name.replace(/^const /, '');
      return { name: `${owner}.${nameOf(node.name) ?? '?'}()`, kind: 'arrow' };
    }
  }
  if (ts.isMethodDeclaration(node) && ts.isObjectLiteralExpression(node.parent) && current) {
    return { name: `${current.name.replace(/^const /, '')}.${nameOf(node.name) ?? '?'}()`, kind: 'arrow' };
  }
  if ((ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) && !current) return { name: `type ${node.name.text}`, kind: 'type' };
  return null;
}

function codeSites(node, unit, inLoopHeader, source, add) {
  if (ts.isBinaryExpression(node) && !inLoopHeader) {
    const op = node.operatorToken;
    if (FLIP[op.kind]) add(unit, 'comparison', op, FLIP[op.kind]);
    else if (ARITHMETIC[op.kind]) add(unit, 'arithmetic', op, ARITHMETIC[op.kind]);
    else if (LOGICAL[op.kind]) add(unit, 'logical', op, LOGICAL[op.kind]);
  }
  if (ts.isNumericLiteral(node) && !isKey(node)) {
    const value = Number(node.text);
    add(unit, 'number', node, changeNumber(value));
  }
  if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && !isKey(node) && !isDirective(node)) {
    const raw = node.getText(source);
    add(unit, 'string', node, `${raw.slice(0, -1)}~${raw.slice(-1)}`);
  }
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) {
    add(unit, 'boolean', node, node.kind === ts.SyntaxKind.TrueKeyword ? 'false' : 'true');
  }
  const returned = ts.isReturnStatement(node) ? node.expression : ts.isArrowFunction(node) && !ts.isBlock(node.body) ? node.body : null;
  if (returned && isBooleanish(returned)) add(unit, 'boolean', returned, `!(${returned.getText(source)})`);
}

function typeSites(node, unit, add) {
  if (ts.isPropertySignature(node) && node.type) {
    if (node.type.kind === ts.SyntaxKind.NumberKeyword) add(unit, 'type', node.type, 'string');
    else if (node.type.kind === ts.SyntaxKind.StringKeyword) add(unit, 'type', node.type, 'number');
  }
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) {
    const raw = node.literal.getText();
    add(unit, 'type', node.literal, `${raw.slice(0, -1)}~${raw.slice(-1)}`);
  }
}

function isBooleanish(expr) {
  const e = skipParens(expr);
  if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword) return false; // flipped as a literal
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) return true;
  return ts.isBinaryExpression(e) && BOOLEAN_OPERATORS.has(e.operatorToken.kind);
}

/** A loop's condition or update: flipping it there can make a test loop forever instead of fail. */
function isLoopHeader(parent, child) {
  if (ts.isForStatement(parent)) return child === parent.condition || child === parent.incrementor;
  if (ts.isWhileStatement(parent) || ts.isDoStatement(parent)) return child === parent.expression;
  return false;
}

function isModuleLevel(declaration) {
  const statement = declaration.parent && declaration.parent.parent;
  return statement && ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent);
}

function isKey(node) {
  const p = node.parent;
  return (
    (p && (ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertySignature(p)) && p.name === node) ||
    (p && ts.isLiteralTypeNode(p)) ||
    (p && ts.isExternalModuleReference(p)) ||
    (p && ts.isCallExpression(p) && ts.isIdentifier(p.expression) && p.expression.text === 'require')
  );
}

function isDirective(node) {
  return ts.isExpressionStatement(node.parent) && ts.isSourceFile(node.parent.parent) && /^['"]use /.test(node.getText());
}

function skipParens(expr) {
  let e = expr;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return e;
}

module.exports = { codeUnits };
