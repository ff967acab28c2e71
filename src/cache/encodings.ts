import { promisify } from 'node:util'
import zlib from 'node:zlib'

import Negotiator from 'negotiator'

import { boundedMemo } from '../lib/boundedMemo'
import type { CachedResponse } from './types'

/** The compressed forms an answer is kept in, beside its plain bytes. */
export type Encoding = 'br' | 'gzip'
export type EncodedBodies = Partial<Record<Encoding, Uint8Array>>

/** Below this, compressing saves less than the header costs. */
export const MIN_COMPRESSIBLE_BYTES = 1024
/** Content types worth compressing: JSON, text, XML and JavaScript. */
const COMPRESSIBLE = /^(application\/([\w.+-]*\+)?(json|xml|javascript|graphql-response\+json)|text\/)/i

const brotli = promisify(zlib.brotliCompress)
const gzip = promisify(zlib.gzip)

/**
 * The answer's brotli and gzip forms, made once when it is stored so that a hit never compresses.
 * Brotli at quality 5 and gzip at level 6: most of the gain for a small part of the time of their
 * maximum levels (an entry is recomputed after every write that touches it).
 */
export async function encodeBody(body: Uint8Array, contentType: string | null | undefined): Promise<EncodedBodies> {
  if (body.byteLength < MIN_COMPRESSIBLE_BYTES || !COMPRESSIBLE.test(contentType ?? '')) return {}
  const [br, gz] = await Promise.all([
    brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength } }),
    gzip(body, { level: 6 }),
  ])
  const encoded: EncodedBodies = {}
  if (br.byteLength < body.byteLength) encoded.br = new Uint8Array(br.buffer, br.byteOffset, br.byteLength)
  if (gz.byteLength < body.byteLength) encoded.gzip = new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength)
  return encoded
}

/** Distinct Accept-Encoding headers remembered (browsers send a handful; anyone may send more). */
const ACCEPT_ENCODINGS_REMEMBERED = 256

/** Negotiator's choice among `offered` for one Accept-Encoding header, remembered per header. */
const negotiatorFor = (offered: Encoding[]) =>
  boundedMemo((acceptEncoding: string): Encoding | undefined => {
    const [best] = new Negotiator({ headers: { 'accept-encoding': acceptEncoding } }).encodings([...offered, 'identity'], { preferred: [...offered, 'identity'] })
    return offered.find((name) => name === best)
  }, ACCEPT_ENCODINGS_REMEMBERED)

/** One negotiator per set of forms an entry can have. */
const NEGOTIATE = { br: negotiatorFor(['br']), gzip: negotiatorFor(['gzip']), both: negotiatorFor(['br', 'gzip']) }

/** The encoding to answer with, by the request's Accept-Encoding (brotli first at equal weight), or undefined for the plain bytes. */
export function chooseEncoding(acceptEncoding: string | null | undefined, available: EncodedBodies): Encoding | undefined {
  if (!acceptEncoding) return undefined
  const negotiate = available.br ? (available.gzip ? NEGOTIATE.both : NEGOTIATE.br) : available.gzip ? NEGOTIATE.gzip : undefined
  return negotiate?.(acceptEncoding)
}

/** The ETag of an encoded form: the plain body's with the encoding inside the quotes. */
const encodedETag = (etag: string, encoding: string) => `${etag.slice(0, -1)}-${encoding}"`

/** What one request is sent of a cached answer: its bytes, their ETag and Content-Encoding. */
export type Representation = { body: Uint8Array; etag: string; encoding?: Encoding }

/**
 * The representation of `entry` for a request's Accept-Encoding. Each encoding has its own strong
 * ETag (the plain one with -br or -gzip inside the quotes), as RFC 9110 asks of different bytes.
 */
export function representationOf(entry: CachedResponse, acceptEncoding: string | null | undefined): Representation {
  const encoding = chooseEncoding(acceptEncoding, entry.encoded ?? {})
  if (!encoding) return { body: entry.body, etag: entry.etag }
  return { body: entry.encoded![encoding]!, etag: encodedETag(entry.etag, encoding), encoding }
}

/** Every ETag the answer has been sent with: a client holding any of them holds the same content. */
export function etagsOf(entry: CachedResponse): string[] {
  return [entry.etag, ...Object.keys(entry.encoded ?? {}).map((encoding) => encodedETag(entry.etag, encoding))]
}
