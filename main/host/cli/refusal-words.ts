import { formatCredits } from '../../core/money.js';

/** What the CLI knows of a failure: its code, the core's host-neutral words, and any facts it carries. */
interface Failure {
  code: string;
  message: string;
  data?: Readonly<Record<string, unknown>>;
}

/**
 * The CLI's own hints, by code: the core words refusals without naming any
 * host's commands or buttons, and each host adds its way forward. This is the
 * one table of the CLI's (the UI's: handlers/payment-handlers.ts words `payment_pending`).
 */
const CLI_WORDS: Readonly<Record<string, (f: Failure) => string>> = {
  catch_up_unconfirmed: (f) => {
    const days = f.data?.days;
    const credits = f.data?.estimatedCredits;
    if (typeof days !== 'number' || typeof credits !== 'number') return `${f.message} Confirm with: burnrate tick --confirm-catch-up`;
    return (
      `The clock is ${days} days past the last settled hour: nothing was charged. Catching up would charge about ${formatCredits(credits)}. ` +
      'Confirm it if the time is right (`burnrate tick --confirm-catch-up`, or Confirm catch-up on the alert); otherwise fix the clock.'
    );
  },
  no_scrape_target: (f) => `${f.message}: set one with usage scrape-config`,
  no_card: (f) =>
    f.data?.for === 'purchase'
      ? `${f.message}: add one with \`cards add pm_card_visa\`, or use \`credits checkout\` to pay in the browser`
      : `${f.message}: add one with \`cards add pm_card_visa\``,
  unknown_card: (f) => (f.data?.saved === 0 ? `${f.message} — add one with \`cards add pm_card_visa\`` : f.message),
  invalid_card: (f) =>
    f.data?.cardNumber ? 'that is a card number: cards are added on a browser page (`burnrate cards setup --wait`), never typed here' : f.message,
  payment_pending: (f) => {
    if (f.data?.during === 'checkout') return `${f.message}; run \`sync\` to learn of it`;
    const resend = resendFlag(f);
    return `${f.message}; run \`sync\`${resend ? `, or the same command with ${resend},` : ''} — it asks Stripe again with the same key and never pays twice`;
  },
  server_connection_lost: (f) => {
    const resend = resendFlag(f);
    return resend ? `${f.message} — run the same command with ${resend} to finish that purchase; it never pays twice` : f.message;
  },
};

/** "`--request-key K`" for a purchase the CLI sent with key K (after a lost answer), else null. */
function resendFlag(f: Failure): string | null {
  const key = f.data?.requestKey;
  return typeof key === 'string' ? `\`--request-key ${key}\`` : null;
}

/** The line the CLI prints for a failure: the core's words, with the CLI's hint for its code where it has one. */
export function cliWords(f: Failure): string {
  const words = CLI_WORDS[f.code];
  return words ? words(f) : f.message;
}
