import rates from '../src/data/rates.json';

test('rates are fractions', () => {
  for (const rate of Object.values(rates)) expect(rate).toBeLessThan(1);
});
