import { LineTable, endPosition } from '../../src/core/positions';

describe('LineTable', () => {
  const text = 'a\r\nbc\rd\ne\u2028f\u2029\n';

  test('every line break JavaScript knows ends a line, CRLF as one', () => {
    const lines = new LineTable(text);
    expect(lines.lineTexts()).toEqual(['a', 'bc', 'd', 'e', 'f', '', '']);
    expect(lines.position(text.indexOf('d'))).toEqual({ line: 3, column: 0 });
    expect(lines.offset({ line: 2, column: 1 })).toBe(text.indexOf('c'));
    expect(lines.offset({ line: 9, column: 0 })).toBeUndefined();
  });

  test('the last position agrees with endPosition', () => {
    const lines = new LineTable(text);
    expect(lines.position(text.length)).toEqual(endPosition(text));
    expect(new LineTable('').lineTexts()).toEqual(['']);
  });
});
