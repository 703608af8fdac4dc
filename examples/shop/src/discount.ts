import type { Cents } from './money';

export const BULK_THRESHOLD = 10;

/** 5 % off from BULK_THRESHOLD items on. */
export function bulkDiscount(total: Cents, items: number): Cents {
  return items >= BULK_THRESHOLD ? Math.round(total * 0.05) : 0;
}

export function couponDiscount(total: Cents, code: string): Cents {
  if (code === 'WELCOME') return Math.min(500, total);
  if (code === 'HALF') return Math.round(total / 2);
  return 0;
}
