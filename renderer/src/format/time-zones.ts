/**
 * The time zones the picker offers: what the browser knows, plus UTC (Chromium's
 * list leaves it out, yet it is the default on servers and the zone of CI runs)
 * and the saved zone even if the browser does not list it. UTC first, then A–Z.
 */
export function timeZoneChoices(saved: string, known: readonly string[]): string[] {
  const rest = [...new Set([...known, saved])].filter((z) => z !== 'UTC' && z !== '').sort((a, b) => a.localeCompare(b));
  return ['UTC', ...rest];
}
