/** Reads theme colours from CSS variables so charts follow light/dark mode. */
export function chartColors(): { text: string; muted: string; grid: string } {
  const css = getComputedStyle(document.documentElement);
  return {
    text: css.getPropertyValue('--text').trim() || '#1b1f24',
    muted: css.getPropertyValue('--muted').trim() || '#5b6470',
    grid: css.getPropertyValue('--border').trim() || '#d9dde3',
  };
}
