import { create } from 'zustand';
import { requestOptional, request } from '../../api/client';
import type { Analysis, Suggestion } from '../../api/types';
import { toast } from '../../app/toast-store';

export type Days = 7 | 14 | 30;

interface AnalysisState {
  days: Days;
  /** Results per window; null while the insights module is not in this build. */
  byDays: Partial<Record<Days, Analysis | null>>;
  suggestions: Suggestion[] | null;
  applying: string[];
  setDays(days: Days): void;
  load(days?: Days): Promise<void>;
  loadSuggestions(): Promise<void>;
  apply(id: string): Promise<void>;
}

/** The analysis slice: 7/14/30-day spend and the engine's suggestions. */
export const useAnalysis = create<AnalysisState>((set, get) => ({
  days: 7,
  byDays: {},
  suggestions: null,
  applying: [],
  setDays(days) {
    set({ days });
    get()
      .load(days)
      .catch(() => undefined);
  },
  async load(days = get().days) {
    const a = await requestOptional('insights/analysis', { days });
    set((s) => ({ byDays: { ...s.byDays, [days]: a } }));
  },
  async loadSuggestions() {
    set({ suggestions: await requestOptional('insights/suggestions', {}) });
  },
  async apply(id) {
    set((s) => ({ applying: [...s.applying, id] }));
    try {
      const r = await request('insights/applySuggestion', { id });
      toast(r.applied ? 'success' : 'info', r.message);
      await get().loadSuggestions();
    } finally {
      set((s) => ({ applying: s.applying.filter((x) => x !== id) }));
    }
  },
}));
