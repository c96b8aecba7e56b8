/**
 * Credits as a plain signed decimal USD string for CSV (12345 → "123.45",
 * -5 → "-0.05"): the same text as money.ts's creditsToUsdString, without its
 * locale formatting, which costs microseconds a row over a million rows.
 */
export function usdText(credits: number): string {
  const abs = Math.abs(credits);
  const cents = abs % 100;
  return `${credits < 0 ? '-' : ''}${(abs - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
}
