import { DateTime } from 'luxon';
import { type CatchUpGap, catchUpText } from '../billing/catch-up-guard.js';
import type { NewAlert } from './alert-types.js';
import { formatCredits } from '../money.js';

/** "≈ 2 h", "≈ 2 d 7 h", "< 1 h": a duration as the notifications say it. */
export function approxDuration(hours: number): string {
  if (hours < 1) return '< 1 h';
  const h = Math.floor(hours);
  if (h < 48) return `≈ ${h} h`;
  return `≈ ${Math.floor(h / 24)} d ${h % 24} h`;
}

/** "Thu 14:02" in the user's zone. */
export function localWhen(at: number, tz: string): string {
  return DateTime.fromMillis(at, { zone: tz }).toFormat('ccc HH:mm');
}

/** "Balance below 500 credits — 480 left (≈ 2 h at current burn)." */
export function lowBalanceText(threshold: number, balance: number, burnPerHour: number): string {
  const burn = burnPerHour > 0 ? ` (${approxDuration(balance / burnPerHour)} at current burn)` : '';
  return `Balance below ${threshold.toLocaleString('en-US')} credits — ${balance.toLocaleString('en-US')} left${burn}.`;
}

/** "llama-70b paused: the next hour needs 350 credits, 120 left." */
export function pausedForCreditsText(name: string, price: number, balance: number): string {
  return `${name} paused: the next hour needs ${price.toLocaleString('en-US')} credits, ${balance.toLocaleString('en-US')} left.`;
}

/** "chat-70b paused after 60 min without a request: saves 8,400 credits ($84.00) a day while it stays paused." */
export function idlePausedText(name: string, minutes: number | null, perDay: number): string {
  const after = minutes === null ? 'while idle' : `after ${minutes.toLocaleString('en-US')} min without a request`;
  return `${name} paused ${after}: saves ${formatCredits(perDay)} a day while it stays paused.`;
}

/** "Runway under 24 h: credits run out in ≈ 5 h (Thu 14:02) — llama-70b pauses first." */
export function runwayText(limitHours: number, hours: number, at: number, tz: string, first: string): string {
  return `Runway under ${limitHours} h: credits run out in ${approxDuration(hours)} (${localWhen(at, tz)}) — ${first} pauses first.`;
}

/** "Yesterday: 8,400 credits ($84.00) across 3 deployments; llama-70b 70 %." */
export function summaryText(label: string, total: number, byDeployment: { name: string; credits: number }[]): string {
  const n = byDeployment.length;
  const top = byDeployment[0];
  const share = top && total > 0 ? `; ${top.name} ${Math.round((top.credits / total) * 100)} %` : '';
  return `${label}: ${formatCredits(total)} across ${n} deployment${n === 1 ? '' : 's'}${share}.`;
}

/** "llama-70b spent 8,400 credits ($84.00) in the last 24 h — above its 5,000 limit." */
export function spendLimitText(name: string, spent: number, windowHours: number, limit: number): string {
  return `${name} spent ${formatCredits(spent)} in the last ${windowHours} h — above its ${limit.toLocaleString('en-US')} limit.`;
}

/** The alert a held long catch-up raises: the gap, what it would cost, and the button that confirms it. */
export function catchUpAlert(gap: CatchUpGap): NewAlert {
  return {
    kind: 'catch_up_confirm',
    severity: 'critical',
    title: `Confirm a ${gap.days}-day catch-up`,
    message: catchUpText(gap),
    dedupeKey: `catch_up_confirm:${gap.from}`,
    at: gap.to,
    actions: [{ label: 'Confirm catch-up', target: 'confirm-catch-up' }],
    data: { from: gap.from, to: gap.to, days: gap.days, estimatedCredits: gap.estimatedCredits },
    conditionKey: 'catch_up_confirm',
  };
}
