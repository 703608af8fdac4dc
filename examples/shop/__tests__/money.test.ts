import { formatCents, roundCents } from '../src';

test('formats cents', () => {
  expect(formatCents(1234)).toBe('12.34 EUR');
  expect(formatCents(-5, 'USD')).toBe('-0.05 USD');
});

test('rounds to cents', () => {
  expect(roundCents(10.5)).toBe(11);
});
