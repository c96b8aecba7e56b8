// One colour per deployment, the same on every screen: derived from the
// deployment's id so it never depends on sort order or on what else is shown.

/** A palette readable on both light and dark backgrounds. */
export const SERIES_PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#8cd17d'] as const;

/** The colour of a deployment (by id); "other"/unknown series get grey. */
export function deploymentColor(id: number | string | null | undefined): string {
  const n = typeof id === 'number' ? id : Number.parseInt(String(id ?? ''), 10);
  if (!Number.isFinite(n) || n < 1) return '#8a8f98';
  return SERIES_PALETTE[(n - 1) % SERIES_PALETTE.length] ?? '#8a8f98';
}
