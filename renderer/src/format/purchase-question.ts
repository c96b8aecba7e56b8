import { formatCount, formatUsd } from './credits';

/**
 * The question every purchase asks first (UX.md "Money is never one careless
 * click"): "Buy 2,000 credits for $20.00 with Visa ••4242?". With no card the
 * card is chosen on the payment page. The tray asks the same words
 * (main/core/payments/purchase-question.ts; a test keeps the two alike).
 */
export function purchaseQuestion(credits: number, card: { label: string } | null): string {
  const what = `Buy ${formatCount(credits)} credits for ${formatUsd(credits)}`;
  return card ? `${what} with ${card.label}?` : `${what}? You choose the card on the payment page in your browser.`;
}

/** What Pause all / Resume all will change, as the confirmation's title: "Pause 2 deployments?". */
export function bulkQuestion(action: 'pause' | 'resume', count: number): string {
  const n = `${count} deployment${count === 1 ? '' : 's'}`;
  return action === 'pause' ? `Pause ${n}?` : `Resume ${n} paused for credits?`;
}
