import { escapeRegExp } from 'payload'

/**
 * One case-insensitive pattern matching any of the terms, longer terms first so that the longest
 * match wins where terms overlap. Global: use it with matchAll/exec, or reset lastIndex.
 */
export function termPattern(terms: string[]): RegExp {
  const alternatives = [...terms].sort((a, b) => b.length - a.length).map(escapeRegExp)
  return new RegExp(alternatives.join('|'), 'giu')
}
