// Instant search: every keystroke asks the backend (debounced a little), stale answers are dropped.
import type { SearchHit } from './bindings';
import { call } from './api';

const DEBOUNCE_MS = 30;
export const SEARCH_LIMIT = 50;

export const search = $state({
  query: '',
  hits: [] as SearchHit[],
  /** The query the current hits answer (may lag behind `query` by a few ms). */
  answered: '',
  highlighted: 0,
  error: null as unknown,
});

let seq = 0;
let timer: ReturnType<typeof setTimeout> | null = null;

export function setQuery(q: string): void {
  search.query = q;
  if (timer) clearTimeout(timer);
  const mine = ++seq;
  if (q.trim() === '') {
    search.hits = [];
    search.answered = '';
    search.highlighted = 0;
    search.error = null;
    return;
  }
  timer = setTimeout(() => void run(q, mine), DEBOUNCE_MS);
}

/** Re-runs the current query (after data changed). */
export function rerunSearch(): void {
  if (search.query.trim() !== '') {
    const mine = ++seq;
    void run(search.query, mine, true);
  }
}

async function run(q: string, mine: number, keepHighlight = false): Promise<void> {
  try {
    const res = await call('customer_search', { query: q.trim(), limit: SEARCH_LIMIT });
    if (mine !== seq) return; // a newer keystroke won
    search.hits = res.hits;
    search.answered = q;
    search.error = null;
    if (!keepHighlight || search.highlighted >= res.hits.length) search.highlighted = 0;
  } catch (e) {
    if (mine !== seq) return;
    search.hits = [];
    search.answered = q;
    search.error = e;
  }
}

export function clearSearch(): void {
  setQuery('');
}

export function moveHighlight(delta: number): void {
  const n = search.hits.length;
  if (n === 0) return;
  search.highlighted = Math.min(n - 1, Math.max(0, search.highlighted + delta));
}
