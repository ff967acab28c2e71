import { createHash } from 'node:crypto'

/** A strong validator: the same bytes, the same ETag, in every process. */
export function computeETag(body: Uint8Array): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`
}

/**
 * Whether an If-None-Match header names this ETag, or one of these (the encoded forms of the same
 * content): weak comparison, as RFC 9110 asks for it.
 */
export function matchesIfNoneMatch(header: string | null | undefined, etags: string | string[]): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  const bare = (tag: string) => tag.trim().replace(/^W\//, '')
  const known = new Set((Array.isArray(etags) ? etags : [etags]).map(bare))
  return header.split(',').some((tag) => known.has(bare(tag)))
}
