/** 100 credits = 1 USD, so one credit is one cent. Credits are integers everywhere. */
export const CREDITS_PER_USD = 100;

/** Formats credits as "12,345 credits ($123.45)". */
export function formatCredits(credits: number): string {
  return `${credits.toLocaleString('en-US')} credits (${formatUsd(credits)})`;
}

/** Formats credits as dollars: 12345 → "$123.45", -50 → "-$0.50". */
export function formatUsd(credits: number): string {
  const sign = credits < 0 ? '-' : '';
  const abs = Math.abs(credits);
  const dollars = Math.floor(abs / CREDITS_PER_USD).toLocaleString('en-US');
  const cents = String(abs % CREDITS_PER_USD).padStart(2, '0');
  return `${sign}$${dollars}.${cents}`;
}

/** Credits as a decimal USD string for exports: 12345 → "123.45". */
export function creditsToUsdString(credits: number): string {
  return formatUsd(credits).replace('$', '').replace(/,/g, '');
}

/** True when `n` is a safe integer: the only kind of number money may be. */
export function isWholeCredits(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n);
}
