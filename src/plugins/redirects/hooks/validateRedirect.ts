import type { CollectionBeforeValidateHook } from 'payload'

import { ClientError } from '@/errors/ClientError'
import { normalizeRedirectPath } from '../lib/normalizeRedirectPath'

type RedirectData = { from?: unknown; to?: { type?: string; url?: unknown } }

const isSafeURL = (value: string) => /^https?:\/\/[^\s/]+/i.test(value) && URL.canParse(value)

/**
 * Stores `from` in lookup form, and refuses a destination that is no path or http(s) URL
 * (javascript: and the like) or that leads straight back to `from`.
 */
export const validateRedirect: CollectionBeforeValidateHook = ({ data, originalDoc }) => {
  const next = { ...data } as RedirectData
  const merged = { ...(originalDoc as RedirectData | undefined), ...next }
  if (next.from !== undefined) {
    const from = normalizeRedirectPath(next.from)
    if (!from) throw new ClientError('from: must be a path starting with / (for example /old-page), at most 2000 characters')
    next.from = from
  }
  const to = { ...(originalDoc as RedirectData | undefined)?.to, ...next.to }
  if (to.type === 'custom' && typeof to.url === 'string' && to.url.trim() !== '') {
    const url = to.url.trim()
    const path = url.startsWith('/') ? normalizeRedirectPath(url) : undefined
    if (!path && !isSafeURL(url)) throw new ClientError('to.url: must be a path starting with / or an http(s) URL')
    if (path && path === normalizeRedirectPath(merged.from)) throw new ClientError('to.url: a redirect cannot lead to its own path')
    next.to = { ...next.to, url: path ?? url }
  }
  return next as typeof data
}
