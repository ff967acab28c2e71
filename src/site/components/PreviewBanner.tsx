import { headers } from 'next/headers'

import { LivePreviewRefresh } from './LivePreviewRefresh'

/** Shown on every page in preview: drafts are on, and the way out. */
export async function PreviewBanner() {
  const requestHeaders = await headers()
  const host = requestHeaders.get('host') ?? 'localhost'
  const proto = requestHeaders.get('x-forwarded-proto') === 'https' ? 'https' : 'http'
  return (
    <div className="preview-banner" role="status">
      <strong>Preview</strong>: you are seeing drafts. <a href="/preview/exit">Exit preview</a>
      <LivePreviewRefresh serverURL={`${proto}://${host}`} />
    </div>
  )
}
