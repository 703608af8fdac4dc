import { Cart, formatCents } from '../src';

test('gross total of a cart', () => {
  const cart = new Cart()
    .add({ sku: 'tea', unitPrice: 450, quantity: 2, rate: 'reduced' })
    .add({ sku: 'mug', unitPrice: 1200, quantity: 1, rate: 'standard' });
  expect(formatCents(cart.gross())).toMatchSnapshot();
});
