import { headers } from 'next/headers'

import { siteLocale } from '../siteLocale'
import { LivePreviewRefresh } from './LivePreviewRefresh'

/** Shown on every page in preview: drafts are on, and the way out (to the home page in the page's language). */
export async function PreviewBanner() {
  const [requestHeaders, { code, defaultLocale, href, t }] = await Promise.all([headers(), siteLocale()])
  const host = requestHeaders.get('host') ?? 'localhost'
  const proto = requestHeaders.get('x-forwarded-proto') === 'https' ? 'https' : 'http'
  const exit = code === defaultLocale ? '/preview/exit' : `/preview/exit?path=${encodeURIComponent(href('/'))}`
  return (
    <div className="preview-banner" role="status">
      <strong>{t.preview}</strong>
      {t.previewText}
      <a href={exit}>{t.exitPreview}</a>
      <LivePreviewRefresh serverURL={`${proto}://${host}`} />
    </div>
  )
}
