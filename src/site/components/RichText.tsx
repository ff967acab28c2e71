import { onThisSite } from '../siteURL'

/**
 * Rich text as Folio renders it (`?html=true`: Payload's Lexical converter, text escaped and link
 * URLs sanitised, internal links at their pages' paths), so the site ships no code to render it.
 */
export function RichText({ html, className = 'prose' }: { html?: string | null; className?: string }) {
  if (!html) return null
  return <div className={className} dangerouslySetInnerHTML={{ __html: onThisSite(html) }} />
}
