// Per-deployment spend limits as the user types them. The fields keep their
// text (a letter must not turn into "NaN", clearing must not turn into "0");
// each is checked as typed and only whole numbers in range are sent.

/** One limit row as typed. */
export interface LimitDraft {
  deploymentId: number;
  credits: string;
  windowHours: string;
}

/** A limit as the contract takes it. */
export interface Limit {
  deploymentId: number;
  credits: number;
  windowHours: number;
}

/** The engine's bounds (main/core/alerts/alert-settings.ts, deploymentLimitSchema; alerts/setSettings refuses anything else, in its own words). */
const MAX_CREDITS = 1_000_000_000;
const MAX_HOURS = 24 * 31;

/** A whole number from `min` to `max`, or a message saying what to type. */
function wholeIn(text: string, min: number, max: number, what: string): { value: number } | { message: string } {
  const t = text.trim();
  if (t === '') return { message: `Enter the ${what}.` };
  if (!/^\d+$/.test(t)) return { message: `The ${what} is a whole number, digits only.` };
  const n = Number(t);
  if (n < min || n > max) return { message: `The ${what} is ${min.toLocaleString('en-US')}–${max.toLocaleString('en-US')}.` };
  return { value: n };
}

/** Checks one row: the limit to send, or the first problem in plain words and the field it is in (for aria-invalid). */
export function checkLimit(d: LimitDraft): { ok: true; limit: Limit } | { ok: false; field: 'credits' | 'windowHours'; message: string } {
  const credits = wholeIn(d.credits, 1, MAX_CREDITS, 'credit limit');
  if ('message' in credits) return { ok: false, field: 'credits', message: credits.message };
  const hours = wholeIn(d.windowHours, 1, MAX_HOURS, 'number of hours');
  if ('message' in hours) return { ok: false, field: 'windowHours', message: hours.message };
  return { ok: true, limit: { deploymentId: d.deploymentId, credits: credits.value, windowHours: hours.value } };
}

/** Saved limits as editable text. */
export function toDrafts(limits: Limit[]): LimitDraft[] {
  return limits.map((l) => ({ deploymentId: l.deploymentId, credits: String(l.credits), windowHours: String(l.windowHours) }));
}
