import { useEffect, useState } from 'react';
import { request } from '../../api/client';
import type { ModelSizing, Precision } from '../../api/types';

/**
 * What fits the model being typed, from the engine (`catalog/sizing`), asked
 * a moment after typing stops; null until known or while the size is invalid.
 */
export function useSizing(paramsB: number | null, precision: Precision): ModelSizing | null {
  const [sizing, setSizing] = useState<ModelSizing | null>(null);
  useEffect(() => {
    if (paramsB === null) {
      setSizing(null);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      // Inline: a size the engine refuses simply shows no sizing (the field is marked invalid already).
      request('catalog/sizing', { paramsB, precision }, { inline: true })
        .then((s) => live && setSizing(s))
        .catch(() => live && setSizing(null));
    }, 150);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [paramsB, precision]);
  return sizing;
}
