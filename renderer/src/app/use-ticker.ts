import { useEffect, useState } from 'react';

/** Re-renders every `ms` so countdowns move without new data. */
export function useTicker(ms = 30_000): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setN((x) => x + 1), ms);
    return () => clearInterval(t);
  }, [ms]);
  return n;
}
