export type PageWindowItem = number | 'gap';

/**
 * The page numbers a pagination bar shows: always the first and last, the current page with
 * `siblings` either side, and a gap where pages are skipped. A gap never stands for one page.
 */
export function pageWindow(current: number, totalPages: number, siblings = 1): PageWindowItem[] {
  const total = Math.max(1, totalPages);
  const page = Math.min(Math.max(1, current), total);
  const wanted = new Set<number>([1, total]);
  for (let p = page - siblings; p <= page + siblings; p++) if (p >= 1 && p <= total) wanted.add(p);
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: PageWindowItem[] = [];
  for (const [i, p] of sorted.entries()) {
    const prev = sorted[i - 1];
    if (prev !== undefined && p - prev === 2) out.push(prev + 1);
    else if (prev !== undefined && p - prev > 2) out.push('gap');
    out.push(p);
  }
  return out;
}

/** "Showing 26–50 of 120" bounds for a page; zero items gives 0–0. */
export function pageRange(page: number, pageSize: number, total: number): { from: number; to: number } {
  if (total === 0) return { from: 0, to: 0 };
  const from = Math.min((page - 1) * pageSize + 1, total);
  return { from, to: Math.min(page * pageSize, total) };
}
