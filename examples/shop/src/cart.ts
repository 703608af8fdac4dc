import { grossFor, type RateName } from './tax';
import type { Cents } from './money';

export interface Line {
  sku: string;
  unitPrice: Cents;
  quantity: number;
  rate: RateName;
}

export class Cart {
  private readonly lines: Line[] = [];

  add(line: Line): this {
    const existing = this.lines.find((l) => l.sku === line.sku);
    if (existing) existing.quantity += line.quantity;
    else this.lines.push({ ...line });
    return this;
  }

  remove(sku: string): this {
    const index = this.lines.findIndex((l) => l.sku === sku);
    if (index >= 0) this.lines.splice(index, 1);
    return this;
  }

  get itemCount(): number {
    return this.lines.reduce((sum, l) => sum + l.quantity, 0);
  }

  net(): Cents {
    return this.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  }

  gross(): Cents {
    return this.lines.reduce((sum, l) => sum + grossFor(l.unitPrice * l.quantity, l.rate), 0);
  }
}
