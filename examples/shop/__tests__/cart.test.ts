import { Cart } from '../src';

test('adds up lines', () => {
  const cart = new Cart()
    .add({ sku: 'tea', unitPrice: 450, quantity: 2, rate: 'reduced' })
    .add({ sku: 'mug', unitPrice: 1200, quantity: 1, rate: 'standard' });
  expect(cart.net()).toBe(2100);
  expect(cart.itemCount).toBe(3);
});

test('merges lines of one sku', () => {
  const cart = new Cart().add({ sku: 'tea', unitPrice: 450, quantity: 1, rate: 'reduced' });
  cart.add({ sku: 'tea', unitPrice: 450, quantity: 2, rate: 'reduced' });
  expect(cart.itemCount).toBe(3);
});
