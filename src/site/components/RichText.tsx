import { isSitePath } from '../localePath'
import { siteLocale } from '../siteLocale'
import { onThisSite } from '../siteURL'

/**
 * Rich text as Folio renders it (`?html=true`: Payload's Lexical converter, text escaped and link
 * URLs sanitised, internal links at their pages' paths in the language read), so the site ships
 * no code to render it. Those paths go under the page's language's prefix here. `lang` marks
 * words in another language than the page's (an untranslated post's).
 */
export async function RichText({ html, className = 'prose', lang }: { html?: string | null; className?: string; lang?: string }) {
  if (!html) return null
  const { href } = await siteLocale()
  const localized = onThisSite(html).replace(/(<a\b[^>]*?\shref=")([^"]*)"/g, (whole, start: string, url: string) => (isSitePath(url) ? `${start}${href(url)}"` : whole))
  return <div className={className} lang={lang} dangerouslySetInnerHTML={{ __html: localized }} />
}
