import { escapeRegExp } from 'payload'

export type RankCandidate = { title: string; publishedAt: string | null; key: string }

/**
 * How well the title matches, best first. The body decides nothing: every candidate already
 * contains every term in its title or its body.
 */
const TIER = { exactTitle: 4, phraseInTitle: 3, allTermsInTitle: 2, someTermsInTitle: 1, bodyOnly: 0 } as const

/**
 * Orders matches for a query: by `score` (100 × the title tier above, plus the number of terms the
 * title contains), then the most recently published first, then by key so that pages of results
 * are stable. A title match of any kind therefore outranks every body-only match.
 */
export function rankSearchResults<T extends RankCandidate>(candidates: T[], terms: string[]): Array<T & { score: number }> {
  const escaped = terms.map(escapeRegExp)
  const exact = new RegExp(`^\\s*${escaped.join('\\s+')}\\s*$`, 'iu')
  const phrase = new RegExp(escaped.join('\\s+'), 'iu')
  const each = escaped.map((term) => new RegExp(term, 'iu'))

  const scored = candidates.map((candidate) => {
    const title = candidate.title
    const hits = each.filter((term) => term.test(title)).length
    const tier = exact.test(title)
      ? TIER.exactTitle
      : phrase.test(title)
        ? TIER.phraseInTitle
        : hits === terms.length
          ? TIER.allTermsInTitle
          : hits > 0
            ? TIER.someTermsInTitle
            : TIER.bodyOnly
    return { ...candidate, score: tier * 100 + hits }
  })

  return scored.sort(
    (a, b) =>
      b.score - a.score ||
      (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') ||
      a.key.localeCompare(b.key),
  )
}
