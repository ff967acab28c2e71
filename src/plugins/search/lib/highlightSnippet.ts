import { SNIPPET_LENGTH } from '../constants'
import { escapeHtml } from './escapeHtml'
import { termPattern } from './termPattern'

/**
 * An HTML excerpt of `text` for a search result: about `length` characters around the first match
 * of any term (the start of the text when none matches), cut at word boundaries, with `…` where it
 * was cut. The text is HTML-escaped and every match is wrapped in `<mark>…</mark>`.
 */
export function highlightSnippet(text: string, terms: string[], length = SNIPPET_LENGTH): string {
  const clean = text.replace(/\s+/g, ' ').trim()
  if (!clean || terms.length === 0) return escapeHtml(clean.slice(0, length))
  const pattern = termPattern(terms)
  const first = pattern.exec(clean)
  const matchStart = first?.index ?? 0
  const matchEnd = first ? matchStart + first[0].length : 0

  // About a third of the snippet comes before the match.
  let start = Math.max(0, Math.min(matchStart - Math.round(length / 3), clean.length - length))
  if (start > 0) {
    // Begin at a word: after the first space in the lead, unless that skips the match.
    const space = clean.indexOf(' ', start - 1)
    if (space !== -1 && space < matchStart) start = space + 1
  }
  let end = Math.min(clean.length, Math.max(start + length, matchEnd))
  if (end < clean.length) {
    // End at a word: before the last space in the window, unless that cuts the match.
    const space = clean.lastIndexOf(' ', end)
    if (space > Math.max(start, matchEnd - 1)) end = space
  }

  const window = clean.slice(start, end)
  let html = ''
  let at = 0
  for (const match of window.matchAll(termPattern(terms))) {
    html += `${escapeHtml(window.slice(at, match.index))}<mark>${escapeHtml(match[0])}</mark>`
    at = match.index + match[0].length
  }
  html += escapeHtml(window.slice(at))
  return `${start > 0 ? '…' : ''}${html}${end < clean.length ? '…' : ''}`
}
