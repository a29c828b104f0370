// Relevance of a ranked answer list against judged answers, for the search bench's judged
// query set: MRR@k (the reciprocal rank of the first relevant answer, 0 when none is in the
// first k) and recall@k (the share of the relevant answers found in the first k), averaged over
// the queries. Pure, so that the figures the bench prints can be checked by hand.

export interface JudgedRanking {
  /** Answers best first, as the engine returned them (only the first k count). */
  ranked: readonly string[];
  /** The answers a reader would accept. */
  relevant: readonly string[];
}

export interface Relevance {
  queries: number;
  mrr: number;
  recall: number;
}

export function relevance(judged: readonly JudgedRanking[], k = 10): Relevance {
  if (judged.length === 0) return { queries: 0, mrr: 0, recall: 0 };
  let mrr = 0;
  let recall = 0;
  for (const { ranked, relevant } of judged) {
    const wanted = new Set(relevant);
    const top = new Set(ranked.slice(0, k));
    const first = ranked.slice(0, k).findIndex((id) => wanted.has(id));
    if (first >= 0) mrr += 1 / (first + 1);
    // A set: an answer listed twice is still one answer found.
    if (wanted.size) recall += [...wanted].filter((id) => top.has(id)).length / wanted.size;
  }
  return { queries: judged.length, mrr: mrr / judged.length, recall: recall / judged.length };
}

/** A query of plain words in FTS5's language: every word quoted (so none is an operator), joined with AND. */
export function toFts5(query: string): string {
  return query.split(/\s+/).filter(Boolean).map((w) => `"${w.replace(/"/g, '""')}"`).join(' AND ');
}
