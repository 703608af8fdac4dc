import { grossFor, taxFor } from '../src';

test('standard rate', () => {
  expect(taxFor(1000, 'standard')).toBe(200);
  expect(grossFor(1000, 'reduced')).toBe(1100);
});
