import { Cart } from '../src';

test('removes a line', () => {
  const cart = new Cart().add({ sku: 'tea', unitPrice: 450, quantity: 1, rate: 'zero' }).remove('tea');
  expect(cart.net()).toBe(0);
});
