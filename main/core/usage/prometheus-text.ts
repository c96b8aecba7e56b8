/** The vLLM counter of finished requests. */
export const VLLM_REQUEST_COUNTER = 'vllm:request_success_total';

/**
 * Sums every series of one counter in a Prometheus text exposition (vLLM
 * splits `request_success_total` by finish reason and model). Null when the
 * metric is absent. Comment lines, other metrics and timestamps are ignored.
 */
export function sumCounter(text: string, metric = VLLM_REQUEST_COUNTER): number | null {
  let total: number | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.length === 0 || line.startsWith('#') || !line.startsWith(metric)) continue;
    const rest = line.slice(metric.length);
    let valuePart: string;
    if (rest.startsWith('{')) {
      const close = closingBrace(rest);
      if (close < 0) continue;
      valuePart = rest.slice(close + 1);
    } else if (rest.startsWith(' ') || rest.startsWith('\t')) {
      valuePart = rest;
    } else continue; // another metric sharing the prefix, e.g. …_total_created
    const value = Number(valuePart.trim().split(/\s+/)[0]);
    if (!Number.isFinite(value)) continue;
    total = (total ?? 0) + value;
  }
  return total;
}

/** Index of the `}` closing the label set, skipping braces inside quoted label values. */
function closingBrace(s: string): number {
  let inQuote = false;
  for (let i = 1; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && inQuote) i++;
    else if (c === '"') inQuote = !inQuote;
    else if (c === '}' && !inQuote) return i;
  }
  return -1;
}
