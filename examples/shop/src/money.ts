/** Amounts are integer cents. */
export type Cents = number;

export function formatCents(amount: Cents, currency = 'EUR'): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} ${currency}`;
}

export function roundCents(amount: number): Cents {
  return Math.round(amount);
}
