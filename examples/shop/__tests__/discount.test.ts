import { bulkDiscount, couponDiscount } from '../src';

test('bulk discount from ten items', () => {
  expect(bulkDiscount(10000, 9)).toBe(0);
  expect(bulkDiscount(10000, 10)).toBe(500);
});

test('coupons', () => {
  expect(couponDiscount(10000, 'WELCOME')).toBe(500);
  expect(couponDiscount(10000, 'HALF')).toBe(5000);
  expect(couponDiscount(10000, 'NOPE')).toBe(0);
});
