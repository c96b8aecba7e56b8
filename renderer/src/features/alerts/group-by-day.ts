import type { Alert } from '../../api/types';

/** Local date key "YYYY-MM-DD" of an instant in a time zone. */
export function dayKey(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(Date.parse(iso));
}

/** Alerts grouped by local day, newest day first, order inside a day kept. */
export function groupByDay(alerts: Alert[], timeZone?: string): { day: string; first: string; alerts: Alert[] }[] {
  const groups: { day: string; first: string; alerts: Alert[] }[] = [];
  for (const a of alerts) {
    const day = dayKey(a.at, timeZone);
    const last = groups[groups.length - 1];
    if (last && last.day === day) last.alerts.push(a);
    else groups.push({ day, first: a.at, alerts: [a] });
  }
  return groups;
}
