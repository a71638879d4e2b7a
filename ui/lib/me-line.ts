// The designer's own line under the balance: "You: 340 of 1,000 credits this month".
import type { RelayMe } from '../../src/contract/relay-me';

const count = (n: number): string => n.toLocaleString('en-US');

export function formatMeLine(me: RelayMe): string {
  const unit = (n: number) => (n === 1 ? 'credit' : 'credits');
  if (me.creditsBudget === null) return `You: ${count(me.creditsUsed)} ${unit(me.creditsUsed)} this month`;
  return `You: ${count(me.creditsUsed)} of ${count(me.creditsBudget)} ${unit(me.creditsBudget)} this month`;
}
