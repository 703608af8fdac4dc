import rates from './data/rates.json';
import { roundCents, type Cents } from './money';

export type RateName = keyof typeof rates;

export function taxFor(net: Cents, rate: RateName): Cents {
  return roundCents(net * rates[rate]);
}

export function grossFor(net: Cents, rate: RateName): Cents {
  return net + taxFor(net, rate);
}
