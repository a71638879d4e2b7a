// The emulator's credit account: what a task costs, what is reserved by open tasks, and what has
// been charged. A task is charged when it finishes; failed or terminated tasks cost nothing.

/** Pixels covered by one credit per image: a 1024 x 1024 image costs 1, a 2048 x 2048 one 4. */
const PIXELS_PER_CREDIT = 1024 * 1024;

/** Credits one GenerateBackgrounds task costs: per image, one per started megapixel (min 1). */
export function taskCreditCost(width: number, height: number, batchSize: number): number {
  return batchSize * Math.max(1, Math.ceil((width * height) / PIXELS_PER_CREDIT));
}

export class CreditLedger {
  used = 0;
  reserved = 0;

  constructor(public total: number) {}

  get available(): number {
    return this.total - this.used - this.reserved;
  }

  /** Reserves `amount` for an open task; false when the balance cannot cover it. */
  reserve(amount: number): boolean {
    if (amount > this.available) return false;
    this.reserved += amount;
    return true;
  }

  release(amount: number): void {
    this.reserved = Math.max(0, this.reserved - amount);
  }

  /** Turns a reservation into a charge. */
  charge(amount: number): void {
    this.release(amount);
    this.used += amount;
  }

  reset(total: number): void {
    this.total = total;
    this.used = 0;
    this.reserved = 0;
  }
}
