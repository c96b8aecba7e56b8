import { describe, expect, it } from 'vitest';
import { purchaseQuestion as coreQuestion } from '../../main/core/payments/purchase-question';
import { cardLabel } from '../../main/core/payments/notice-texts';
import { bulkQuestion as coreBulk } from '../../main/core/deployments/bulk-actions';
import { bulkQuestion, purchaseQuestion } from '../../renderer/src/format/purchase-question';

describe('the purchase question (UX.md: "Buy 2,000 credits for $20.00 with Visa ••4242?")', () => {
  it.each([
    [2000, { brand: 'visa', last4: '4242' }, 'Buy 2,000 credits for $20.00 with Visa ••4242?'],
    [100, { brand: 'mastercard', last4: '4444' }, 'Buy 100 credits for $1.00 with Mastercard ••4444?'],
    [1_000_000, { brand: 'amex', last4: '8431' }, 'Buy 1,000,000 credits for $10,000.00 with Amex ••8431?'],
    [2550, null, 'Buy 2,550 credits for $25.50? You choose the card on the payment page in your browser.'],
  ])('%i credits, card %j: the window and the tray ask the same words', (credits, card, words) => {
    // The window is given the card's label as main words it (CardRef.label).
    expect(purchaseQuestion(credits, card && { label: cardLabel(card.brand, card.last4) })).toBe(words);
    expect(coreQuestion(credits, card)).toBe(words);
  });

  it.each([
    ['pause', 1],
    ['pause', 4],
    ['resume', 1],
    ['resume', 2],
  ] as const)('bulk %s of %i: same title in the window and the tray', (action, n) => {
    expect(bulkQuestion(action, n)).toBe(coreBulk(action, n));
  });
});
