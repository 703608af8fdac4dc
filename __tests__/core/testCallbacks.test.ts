import { splitBlocks } from '../../src/core/blocks';
import { caseCallbackBlocks, type CaseSite } from '../../src/core/testCallbacks';
import type { Hasher } from '../../src/core/types';
import { getHasher } from './harness';

let hasher: Hasher;
beforeAll(async () => {
  hasher = await getHasher();
});

const SOURCE = `const m = require('../src/math');
const helper = (x) => x * 2;
describe('math', () => {
  beforeEach(() => m.reset());
  test('adds', () => {
    expect([1, 2].map((x) => m.add(x, 1))).toEqual([2, 3]);
  });
  it(
    'subtracts',
    async function () { expect(m.sub(2, 1)).toBe(1); },
  );
  test.each([1, 2])('doubles %i', (n) => expect(helper(n)).toBe(n * 2));
  test('named', named);
});
function named() {}
`;

/** Owned block names per site, as the test file's split would take them. */
function owned(sites: Array<CaseSite | undefined>, source = SOURCE, file = 'math.test.js'): string[][] | undefined {
  const blocks = splitBlocks(source, file, hasher);
  return caseCallbackBlocks(source, file, blocks, sites)?.map((indices) => indices.map((i) => blocks.blocks[i]!.name));
}

// Sites as Jest's source-mapped stacks give them: the call (for `test.each`, its second call).
const adds: CaseSite = { at: { line: 5, column: 2 }, title: 'adds' };
const subtracts: CaseSite = { at: { line: 8, column: 2 }, title: 'subtracts' };
const doubles: CaseSite = { at: { line: 12, column: 19 }, title: 'doubles 1' };
const named: CaseSite = { at: { line: 13, column: 2 }, title: 'named' };

describe('caseCallbackBlocks', () => {
  test("each case owns the function passed to its call and what is nested in it; hooks and helpers stay shared", () => {
    expect(owned([adds, subtracts, doubles])).toEqual([
      ['<anonymous:3>.<anonymous:5>', '<anonymous:3>.<anonymous:5>.<anonymous:6>'],
      ['<anonymous:3>.<anonymous:10>'],
      ['<anonymous:3>.<anonymous:12>'],
    ]);
  });

  test('a callback passed by name, an unknown site or a site outside any call owns nothing', () => {
    expect(owned([named, undefined, { at: { line: 1, column: 0 }, title: 'x' }])).toEqual([[], [], []]);
  });

  test('a site that lands on a call of another title means the positions are off: no case owns anything', () => {
    expect(owned([adds, { ...subtracts, title: 'adds' }])).toBeUndefined();
    expect(owned([{ ...adds, at: { line: 8, column: 2 } }])).toBeUndefined();
  });

  test('a test file that does not parse owns nothing', () => {
    expect(owned([adds], 'test("adds", () => {', 'broken.test.js')).toBeUndefined();
  });
});
