import type { PaymentsMode } from '../../api/types';
import { formatDateTime } from '../../format/time';

/** How the background payments sync went, in words for Settings, and whether it is a problem to point out. */
export function paymentsSyncLine(lastSync: NonNullable<PaymentsMode['lastSync']>, timeZone?: string): { text: string; problem: boolean } {
  if (lastSync.at === null) return { text: 'Burnrate checks Stripe for new payments and refunds in the background every 15 minutes.', problem: false };
  const when = formatDateTime(lastSync.at, timeZone);
  if (lastSync.error !== null) {
    return {
      text: `The background check with Stripe at ${when} failed: ${lastSync.error.replace(/\.$/, '')}. It tries again every 15 minutes; Sync on the Billing page tries now.`,
      problem: true,
    };
  }
  return { text: `Last checked Stripe for new payments and refunds at ${when}.`, problem: false };
}
