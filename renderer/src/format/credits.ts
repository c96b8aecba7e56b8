// Display formatting of integer credits. 100 credits = $1, so a credit is one
// cent: turning an integer into "$123.45" is string work, not money arithmetic.

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 12345 → "12,345". */
export function formatCount(n: number): string {
  return grouped.format(n);
}

/** 12345 → "12,345 credits"; 1 → "1 credit". */
export function formatCreditsOnly(credits: number): string {
  return `${grouped.format(credits)} ${Math.abs(credits) === 1 ? 'credit' : 'credits'}`;
}

/** Integer credits as dollars: 12345 → "$123.45", -50 → "-$0.50". */
export function formatUsd(credits: number): string {
  const sign = credits < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(credits));
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}$${grouped.format(Math.floor(abs / 100))}.${cents}`;
}

/** The house style: "12,345 credits · $123.45". */
export function formatCredits(credits: number): string {
  return `${formatCreditsOnly(credits)} · ${formatUsd(credits)}`;
}

/** Signed change for ledger rows: "+2,000" / "−350" (true minus sign). */
export function formatSignedCredits(credits: number): string {
  if (credits > 0) return `+${grouped.format(credits)}`;
  if (credits < 0) return `\u2212${grouped.format(-credits)}`;
  return '0';
}
