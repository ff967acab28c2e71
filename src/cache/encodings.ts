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

const isCompressible = (body: Uint8Array, contentType: string | null | undefined) =>
  body.byteLength >= MIN_COMPRESSIBLE_BYTES && COMPRESSIBLE.test(contentType ?? '')

/**
 * One compressed form of the body, or undefined when it would not be smaller. Brotli at quality 5
 * and gzip at level 6: most of the gain for a small part of the time of their maximum levels.
 */
async function compress(body: Uint8Array, encoding: Encoding): Promise<Uint8Array | undefined> {
  const compressed =
    encoding === 'br'
      ? await brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength } })
      : await gzip(body, { level: 6 })
  return compressed.byteLength < body.byteLength ? new Uint8Array(compressed.buffer, compressed.byteOffset, compressed.byteLength) : undefined
}

/**
 * The answer's brotli and gzip forms, made once when it is stored so that a hit never compresses
 * (an entry is recomputed after every write that touches it).
 */
export async function encodeBody(body: Uint8Array, contentType: string | null | undefined): Promise<EncodedBodies> {
  if (!isCompressible(body, contentType)) return {}
  const [br, gz] = await Promise.all([compress(body, 'br'), compress(body, 'gzip')])
  const encoded: EncodedBodies = {}
  if (br) encoded.br = br
  if (gz) encoded.gzip = gz
  return encoded
}

/**
 * The one form an answer sent once and not kept needs (the cache is off, or will not store it):
 * the encoding the request's Accept-Encoding prefers, or none. Compressing it into both forms
 * cost a large answer (a list of 20 posts, 200 KB) more CPU than the rest of Folio's work on it.
 */
export async function encodeBodyFor(body: Uint8Array, contentType: string | null | undefined, acceptEncoding: string | null | undefined): Promise<EncodedBodies> {
  if (!isCompressible(body, contentType) || !acceptEncoding) return {}
  const encoding = NEGOTIATE.both(acceptEncoding)
  const compressed = encoding && (await compress(body, encoding))
  return encoding && compressed ? { [encoding]: compressed } : {}
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

const ENCODINGS: readonly Encoding[] = ['br', 'gzip']

/**
 * Every ETag the content may have been sent with, plain or in either encoding: a client holding any
 * of them holds the same content, also when this copy of the answer was compressed into one form only.
 */
export function etagsOf(entry: Pick<CachedResponse, 'etag'>): string[] {
  return [entry.etag, ...ENCODINGS.map((encoding) => encodedETag(entry.etag, encoding))]
}
