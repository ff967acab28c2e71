import type { OutputFormat } from './imageParameters'

/** The format an image keeps when the client takes neither AVIF nor WebP. */
export function originalFormat(mimeType: string): OutputFormat {
  return mimeType === 'image/jpeg' ? 'jpeg' : 'png'
}

/** Whether `Accept` names `type` itself with a quality above zero (wildcards do not count). */
function namesType(accept: string, type: string): boolean {
  return accept.split(',').some((part) => {
    const [name, ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase())
    if (name !== type) return false
    const quality = parameters.find((parameter) => parameter.startsWith('q='))
    return quality === undefined || Number(quality.slice(2)) > 0
  })
}

/**
 * `format=auto`: AVIF, then WebP, then the original's own format, by what the request's `Accept`
 * names. Only an explicit mention counts, as with Next.js' optimizer: `*\/*` is sent by clients
 * that decode neither.
 */
export function negotiateFormat(accept: string | null | undefined, mimeType: string): OutputFormat {
  if (accept && namesType(accept, 'image/avif')) return 'avif'
  if (accept && namesType(accept, 'image/webp')) return 'webp'
  return originalFormat(mimeType)
}

export const CONTENT_TYPES: Record<OutputFormat, string> = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg', png: 'image/png' }
