/** What the UI transports know of a failure: its code, the core's host-neutral words, and any facts it carries. */
interface Failure {
  code: string;
  message: string;
  data?: Readonly<Record<string, unknown>>;
}

/**
 * The UI's own hints, by code: the core words refusals without naming any
 * host's commands or buttons, and each host adds its way forward (the CLI's
 * table: cli/refusal-words.ts).
 */
const UI_WORDS: Readonly<Record<string, (f: Failure) => string>> = {
  catch_up_unconfirmed: (f) => `${f.message} The alert it raised has the Confirm catch-up button.`,
  payment_pending: (f) => `${f.message}. Use Sync on the Billing page to learn the outcome; it never pays twice.`,
  no_card: (f) =>
    f.data?.for === 'purchase'
      ? `${f.message}: add one with Add card on the Billing page, or pay in the browser with Checkout.`
      : `${f.message}: add one with Add card on the Billing page.`,
  unknown_card: (f) => (f.data?.saved === 0 ? `${f.message}: add one with Add card on the Billing page.` : f.message),
  invalid_card: (f) => (f.data?.cardNumber ? `${f.message}: use Add card, which opens the card page in your browser.` : f.message),
};

/** The message the UI shows for a failure: the core's words, with the UI's hint for its code where it has one. */
export function uiWords(f: Failure): string {
  const words = UI_WORDS[f.code];
  return words ? words(f) : f.message;
}
