import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import fs from 'node:fs/promises'
import { Readable } from 'node:stream'

import sharp from 'sharp'
import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, CollectionBeforeChangeHook, Endpoint, Field, Payload, PayloadRequest } from 'payload'

import { carriesCredentials } from '../cache/carriesCredentials'
import { markUncacheable } from '../cache/dependencyScope'
import { matchesIfNoneMatch } from '../cache/etag'
import { ErrorCode } from '../errors/errorCodes'
import { errorResponse } from '../errors/errorResponse'
import { errorResponses, idParameter } from '../lib/endpointDocumentation'
import { isDocumentId } from '../lib/isDocumentId'
import { routeParam } from '../lib/routeParam'
import { answerBeforeExpress } from '../server/answerBeforeExpress'
import type { RateLimitDecision } from '../rateLimits/createRateLimits'
import { rateLimitHeaders } from '../rateLimits/rateLimitHeaders'
import { hasValidSignature, ImageParameterError, IMAGE_FORMATS, IMAGE_FITS, IMAGE_PRESETS, parseTransform, WIDTH_LADDER, type OutputFormat, type ParsedTransform } from './imageParameters'
import type { ImageSource, SourceInput } from './imageSources'
import { CONTENT_TYPES, negotiateFormat, originalFormat } from './negotiateFormat'
import { renderImage } from './renderImage'
import { QueueFullError, TransformQueue } from './transformQueue'
import { VariantCache } from './variantCache'

export type ImageSettings = {
  /** IMAGE_SIGNING_KEY: signs transforms beyond the presets and the width ladder; without it, only those. */
  signingKey?: string
  cacheDir: string
  cacheMaxBytes: number
  concurrency: number
  maxWaiting: number
  timeoutSeconds: number
  /** Longest side of a transform's output. */
  maxSide: number
  maxInputPixels: number
}

/** Characters of a content hash naming a source's folder of variants, and of an image version. */
const VERSION_LENGTH = 16
const IMMUTABLE = 'public, max-age=31536000, immutable'
const REVALIDATE = 'public, max-age=0, must-revalidate'
/** Formats a transform can read (what the media collection accepts, less PDF). */
const TRANSFORMABLE = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/avif'])
const PLACEHOLDER_SIDE = 16
/**
 * How long a document read for an anonymous request is trusted by the listener's fast path. This
 * instance forgets it at once when the document changes; another instance's change (or a delete)
 * reaches it within this time, as a CDN's copy of an answer would.
 */
const PUBLIC_INDEX_TTL_MS = 60_000
/** At most this many documents are remembered for the fast path (and file hashes), the oldest forgotten first. */
const REMEMBERED_MAX = 10_000

/** Sets `key` in a map kept to REMEMBERED_MAX entries in insertion order, the oldest dropped. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key)
  map.set(key, value)
  if (map.size > REMEMBERED_MAX) map.delete(map.keys().next().value as string)
}
const ID_IN_PATH = /^([0-9a-f]{24})\/image$/

/** What the media collection's `custom` carries for the server: its fast path for rendered images, and the backfill of older images. */
export type MediaCustom = {
  serveVariantsFirst?: (options: VariantPathOptions, rest: RequestListener) => RequestListener
  backfillImageFields?: (payload: Payload) => Promise<{ recorded: number; missing: number }>
}

export type VariantPathOptions = {
  /** The API's path prefix with its slash (`/api/`). */
  apiPrefix: string
  cookiePrefix: string
  /** The CORS headers Payload would send the request's origin. */
  corsHeaders: (origin: string | undefined) => readonly (readonly [string, string])[]
  clientAddress: (req: IncomingMessage) => string
  rateLimit: (req: IncomingMessage, address: string) => Promise<RateLimitDecision>
  setSecurityHeaders: (req: IncomingMessage, res: ServerResponse) => void
}

type MediaDoc = {
  id: string
  filename?: string | null
  /** Set by the S3 adapter: the folder of the object's key. */
  prefix?: string | null
  mimeType?: string | null
  width?: number | null
  height?: number | null
  focalX?: number | null
  focalY?: number | null
  contentHash?: string | null
}

const fail = (status: number, message: string, code: string, headers: Record<string, string> = {}) => errorResponse(status, message, code, { headers })

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex')

/**
 * An image's version, the `v` of its URLs: what every variant depends on, the file (its content
 * hash) and the focal point that cover crops are cut around. A URL with the current version may be
 * kept for a year; an editor moving the focal point or replacing the file makes new URLs.
 */
export const imageVersion = (contentHash: string, focal: { x: number; y: number }) => sha256(`${contentHash}|${focal.x},${focal.y}`).slice(0, VERSION_LENGTH)
const focalOf = (doc: MediaDoc) => ({ x: doc.focalX ?? 50, y: doc.focalY ?? 50 })

/** A tiny preview (a WebP data URL, a few hundred bytes) and the dominant colour of an image. */
async function describeImage(data: Buffer, maxInputPixels: number): Promise<{ placeholder: string; dominantColor: string } | undefined> {
  try {
    const image = sharp(data, { limitInputPixels: maxInputPixels }).rotate()
    const [preview, stats] = await Promise.all([
      image.clone().resize(PLACEHOLDER_SIDE, PLACEHOLDER_SIDE, { fit: 'inside' }).webp({ quality: 40 }).toBuffer(),
      image.clone().stats(),
    ])
    const hex = (value: number) => value.toString(16).padStart(2, '0')
    return {
      placeholder: `data:image/webp;base64,${preview.toString('base64')}`,
      dominantColor: `#${hex(stats.dominant.r)}${hex(stats.dominant.g)}${hex(stats.dominant.b)}`,
    }
  } catch {
    return undefined
  }
}

/**
 * Images on request for an upload collection: `GET /api/<collection>/<id>/image?w=…&format=…`,
 * variants kept on disk, and the fields a frontend builds `srcset` and placeholders from.
 */
export function createMediaImages({ collection, source, settings }: { collection: string; source: ImageSource; settings: ImageSettings }) {
  const cache = new VariantCache(settings.cacheDir, settings.cacheMaxBytes)
  let opened: Promise<void> | undefined
  const openCache = () => (opened ??= cache.open())
  const queue = new TransformQueue(settings.concurrency, settings.maxWaiting)
  /** Documents every anonymous caller may read, as last read, for the listener's fast path. */
  const publicImages = new Map<string, { doc: MediaDoc & { mimeType: string; contentHash: string }; until: number }>()

  /** Content hashes of local files stored before the field existed, by path, size and time. */
  const fileHashes = new Map<string, string>()

  /** The content hash of a file stored before Folio recorded it at upload. */
  async function hashOfSource(input: SourceInput): Promise<string> {
    if (Buffer.isBuffer(input)) return sha256(input)
    const stats = await fs.stat(input)
    const known = `${input}:${stats.size}:${stats.mtimeMs}`
    let hash = fileHashes.get(known)
    if (!hash) {
      hash = sha256(await fs.readFile(input))
      remember(fileHashes, known, hash)
    }
    return hash
  }

  const SELECT = { filename: true, prefix: true, mimeType: true, width: true, height: true, focalX: true, focalY: true, contentHash: true } as const

  /**
   * The fields a transform needs, as the caller may read them. When the collection's read access
   * lets the caller read every document (media: anyone), the stored fields are read directly:
   * none of them has read access or hooks of its own, and Payload's whole read (every afterRead
   * hook of the document) would cost more than the transform served from the cache. Otherwise
   * through Payload, which applies the access rule's conditions.
   */
  async function readImageDocument(req: PayloadRequest, id: string): Promise<{ doc: MediaDoc | null; isPublic: boolean }> {
    const readAccess = req.payload.collections[collection as 'media'].config.access.read
    const access = readAccess ? await readAccess({ req, id }) : Boolean(req.user)
    if (access === false) return { doc: null, isPublic: false }
    if (access === true) {
      const doc = await req.payload.db.findOne<MediaDoc>({ collection: collection as 'media', where: { id: { equals: id } }, select: SELECT, req })
      return { doc, isPublic: !req.user }
    }
    return { doc: await req.payload.findByID({ collection: collection as 'media', id, depth: 0, req, overrideAccess: false, disableErrors: true, select: SELECT }), isPublic: false }
  }

  /** The variant a request names: its cache key and the headers it is answered with. */
  function planVariant(parsed: ParsedTransform, accept: string | null | undefined, doc: MediaDoc & { mimeType: string }, hash: string) {
    const folder = hash.slice(0, VERSION_LENGTH)
    const focal = focalOf(doc)
    const format: OutputFormat = parsed.transform.format === 'auto' ? negotiateFormat(accept, doc.mimeType) : parsed.transform.format
    // A cover crop moves with the focal point, which an editor changes without a new file.
    const crops = parsed.transform.fit === 'cover' && parsed.transform.width !== undefined && parsed.transform.height !== undefined
    const key = `${folder}/${sha256(`${parsed.canonical}|${format}${crops ? `|${focal.x},${focal.y}` : ''}`).slice(0, 24)}.${format}`
    const etag = `"${folder}-${key.slice(VERSION_LENGTH + 1, VERSION_LENGTH + 13)}-${format}"`
    const headers: Record<string, string> = {
      'Content-Type': CONTENT_TYPES[format],
      ETag: etag,
      'Cache-Control': parsed.version === imageVersion(hash, focal) ? IMMUTABLE : REVALIDATE,
      ...(parsed.transform.format === 'auto' ? { Vary: 'Accept' } : {}),
    }
    return { key, etag, headers, format, focal }
  }

  /** Whether a transform beyond the open ones carries a valid signature; the refusal's message when not. */
  function signatureProblem(id: string, parsed: ParsedTransform): string | undefined {
    if (parsed.isOpen) return undefined
    if (!settings.signingKey) return 'Only the presets and the widths of the ladder are served: other transforms need a signature, and IMAGE_SIGNING_KEY is not set'
    if (hasValidSignature(settings.signingKey, id, parsed)) return undefined
    return `${parsed.signature ? 'The signature does not match' : 'This transform needs a signature ("sig")'}: only the presets and the widths ${WIDTH_LADDER.join(', ')} are open`
  }

  const imageEndpoint: Endpoint = {
    path: '/:id/image',
    method: 'get',
    custom: {
      openapi: {
        summary: 'An image, resized and converted on request',
        description:
          `Presets (${Object.keys(IMAGE_PRESETS).join(', ')}) and the widths ${WIDTH_LADDER.join(', ')} (with any format) are open to anyone; ` +
          'any other combination needs `sig`, an HMAC-SHA256 made with IMAGE_SIGNING_KEY (see the README). `format=auto` (the default) answers ' +
          'AVIF, WebP or the original format by `Accept`. With `v` set to the document\'s `contentHash`, the answer may be kept for a year.',
        security: [],
        parameters: [
          idParameter('media document'),
          { in: 'query', name: 'w', schema: { type: 'integer', minimum: 1, maximum: settings.maxSide } },
          { in: 'query', name: 'h', schema: { type: 'integer', minimum: 1, maximum: settings.maxSide } },
          { in: 'query', name: 'fit', schema: { type: 'string', enum: [...IMAGE_FITS] } },
          { in: 'query', name: 'q', schema: { type: 'integer', minimum: 1, maximum: 100 } },
          { in: 'query', name: 'format', schema: { type: 'string', enum: [...IMAGE_FORMATS] } },
          { in: 'query', name: 'preset', schema: { type: 'string', enum: Object.keys(IMAGE_PRESETS) } },
          { in: 'query', name: 'v', schema: { type: 'string' }, description: 'The content hash (the first characters of `contentHash`).' },
          { in: 'query', name: 'sig', schema: { type: 'string' }, description: 'The signature of a transform beyond the presets and the ladder.' },
        ],
        responses: {
          200: { description: 'The image', content: Object.fromEntries(Object.values(CONTENT_TYPES).map((type) => [type, { schema: { type: 'string', format: 'binary' } }])) },
          304: { description: 'Not modified (If-None-Match)' },
          ...errorResponses({
            400: 'A parameter is unknown, repeated or out of range',
            403: 'A transform beyond the presets and the ladder without a valid signature',
            404: 'No such image, or not readable by the caller',
            413: 'The source has more pixels than images may have',
            415: 'The document is not an image that can be transformed (a PDF)',
            503: 'Too many images are being rendered: Retry-After says when to try again',
          }),
        },
      },
    },
    handler: async (req: PayloadRequest) => {
      // Variants live on disk; answers vary by Accept, which the response cache does not key by.
      markUncacheable()
      const id = routeParam(req, 'id')
      let parsed
      try {
        parsed = parseTransform(new URL(req.url ?? '', 'http://folio').searchParams, settings.maxSide)
      } catch (error) {
        if (error instanceof ImageParameterError) return fail(400, error.message, ErrorCode.InvalidQuery)
        throw error
      }
      const refusal = signatureProblem(id, parsed)
      if (refusal) return fail(403, refusal, ErrorCode.Forbidden)
      if (!isDocumentId(id)) return fail(404, 'Image not found', ErrorCode.NotFound)
      const { doc, isPublic } = await readImageDocument(req, id)
      if (!doc?.filename) return fail(404, 'Image not found', ErrorCode.NotFound)
      if (!doc.mimeType || !TRANSFORMABLE.has(doc.mimeType)) {
        return fail(415, `"${doc.filename}" is ${doc.mimeType ?? 'not an image'}: only PNG, JPEG, WebP, GIF and AVIF images are transformed`, ErrorCode.UnsupportedMediaType)
      }
      const filename = doc.filename
      // Read now only when needed to name the variant; otherwise only when it has to be rendered.
      let input: SourceInput | undefined = doc.contentHash ? undefined : await source.read({ filename, prefix: doc.prefix })
      if (!doc.contentHash && input === undefined) return fail(404, 'Image not found', ErrorCode.NotFound)
      const hash = doc.contentHash ?? (await hashOfSource(input as SourceInput))
      const { key, etag, headers, format, focal } = planVariant(parsed, req.headers.get('accept'), { ...doc, mimeType: doc.mimeType }, hash)
      if (isPublic && doc.contentHash) remember(publicImages, id, { doc: { ...doc, mimeType: doc.mimeType, contentHash: doc.contentHash }, until: Date.now() + PUBLIC_INDEX_TTL_MS })
      if (matchesIfNoneMatch(req.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers })

      await openCache()
      const cached = cache.lookup(key)
      if (cached) {
        const cachedStats = await fs.stat(cached).catch(() => undefined)
        if (cachedStats) {
          const stream = Readable.toWeb(createReadStream(cached)) as ReadableStream<Uint8Array>
          return new Response(stream, { headers: { ...headers, 'Content-Length': String(cachedStats.size) } })
        }
        cache.forget(key)
      }
      try {
        const rendered = await queue.run(key, async () => {
          input ??= await source.read({ filename, prefix: doc.prefix })
          if (input === undefined) return undefined
          const image = await renderImage(input, parsed.transform, format, focal, settings)
          await cache.store(key, image.data)
          return image
        })
        if (!rendered) return fail(404, 'Image not found', ErrorCode.NotFound)
        return new Response(new Uint8Array(rendered.data), { headers: { ...headers, 'Content-Length': String(rendered.data.byteLength) } })
      } catch (error) {
        if (error instanceof QueueFullError) return fail(503, error.message, ErrorCode.Unavailable, { 'Retry-After': String(error.retryAfterSeconds) })
        const message = error instanceof Error ? error.message : String(error)
        if (/pixel limit/i.test(message)) {
          return fail(413, `"${filename}" has more than ${settings.maxInputPixels / 1_000_000} megapixels: too large to transform`, ErrorCode.PayloadTooLarge)
        }
        if (/timeout/i.test(message)) return fail(503, 'Rendering the image took too long; try again shortly', ErrorCode.Unavailable, { 'Retry-After': '5' })
        throw error
      }
    },
  }

  /** A new file's content hash, placeholder and dominant colour, read from the upload itself. */
  const describeUpload: CollectionBeforeChangeHook = async ({ data, req }) => {
    const upload = req.file
    if (!upload?.data) return data
    const described = upload.mimetype && TRANSFORMABLE.has(upload.mimetype) ? await describeImage(upload.data, settings.maxInputPixels) : undefined
    return { ...data, contentHash: sha256(upload.data), placeholder: described?.placeholder ?? null, dominantColor: described?.dominantColor ?? null }
  }

  const purgeReplaced: CollectionAfterChangeHook<MediaDoc> = async ({ doc, previousDoc }) => {
    publicImages.delete(String(doc.id))
    const before = (previousDoc as MediaDoc | undefined)?.contentHash
    if (before && before !== doc.contentHash) await openCache().then(() => cache.purge(before.slice(0, VERSION_LENGTH)))
    return doc
  }

  const purgeDeleted: CollectionAfterDeleteHook = async ({ doc }) => {
    publicImages.delete(String((doc as MediaDoc).id))
    const hash = (doc as MediaDoc).contentHash
    if (hash) await openCache().then(() => cache.purge(hash.slice(0, VERSION_LENGTH)))
  }

  /**
   * A virtual field of URLs, one per key, built from the document's image URL and version; null
   * for a document that is no transformable image.
   */
  const urlsField = (name: string, keys: string[], build: (doc: MediaDoc & { contentHash: string; mimeType: string }, base: string, version: string) => Record<string, string> | null): Field => ({
    name,
    type: 'json',
    virtual: true,
    admin: { hidden: true },
    access: { create: () => false, update: () => false },
    typescriptSchema: [
      () => ({
        oneOf: [{ type: 'null' }, { type: 'object', additionalProperties: false, required: keys, properties: Object.fromEntries(keys.map((key) => [key, { type: 'string' }])) }],
      }),
    ],
    hooks: {
      afterRead: [
        ({ data, req }) => {
          const doc = data as MediaDoc | undefined
          if (!doc?.id || !doc.mimeType || !TRANSFORMABLE.has(doc.mimeType) || !doc.contentHash) return null
          const base = `${req.payload.config.serverURL}/api/${collection}/${doc.id}/image`
          return build({ ...doc, contentHash: doc.contentHash, mimeType: doc.mimeType }, base, imageVersion(doc.contentHash, focalOf(doc)))
        },
      ],
    },
  })

  /** `srcset` strings for the ladder's widths up to the image's own, per format. */
  const srcsetField = urlsField('srcset', ['avif', 'webp', 'original'], (doc, base, version) => {
    const widths = WIDTH_LADDER.filter((width) => width <= (doc.width ?? 0))
    if (widths.length === 0) return null
    const list = (format: OutputFormat) => widths.map((width) => `${base}?w=${width}&format=${format}&v=${version} ${width}w`).join(', ')
    return { avif: list('avif'), webp: list('webp'), original: list(originalFormat(doc.mimeType)) }
  })

  /** The URL of each preset, format by `Accept`: ready for `<img src>` and Open Graph. */
  const presetsField = urlsField('presets', Object.keys(IMAGE_PRESETS), (_doc, base, version) =>
    Object.fromEntries(Object.keys(IMAGE_PRESETS).map((preset) => [preset, `${base}?preset=${preset}&v=${version}`])),
  )

  /**
   * Answers requests for variants already on disk at the Node server's request listener, before
   * Express and Payload: anonymous reads of images every anonymous caller may read (as the last
   * Payload read found, within PUBLIC_INDEX_TTL_MS), with what Express would add to them (rate
   * limit, security headers, the caller's allowed origin). Anything else (a render, a refusal,
   * credentials) goes on to Express.
   */
  function serveVariantsFirst(options: VariantPathOptions, rest: RequestListener): RequestListener {
    const prefix = `${options.apiPrefix}${collection}/`
    // Any other request goes on at once (answerBeforeExpress): only this collection's reads wait for a lookup.
    const tryVariant = (req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean> => {
      const { method = 'GET', url: target = '/' } = req
      if ((method !== 'GET' && method !== 'HEAD') || !target.startsWith(prefix)) return false
      return answerVariant(req, res, method, target)
    }
    const answerVariant = async (req: IncomingMessage, res: ServerResponse, method: string, target: string): Promise<boolean> => {
      if (carriesCredentials(req.headers.authorization, req.headers.cookie, options.cookiePrefix)) return false
      const queryAt = target.indexOf('?')
      const id = ID_IN_PATH.exec(target.slice(prefix.length, queryAt === -1 ? undefined : queryAt))?.[1]
      const known = id === undefined ? undefined : publicImages.get(id)
      if (!id || !known || known.until < Date.now()) return false
      let parsed: ParsedTransform
      try {
        parsed = parseTransform(new URLSearchParams(queryAt === -1 ? '' : target.slice(queryAt + 1)), settings.maxSide)
      } catch {
        return false
      }
      if (signatureProblem(id, parsed)) return false
      const { key, etag, headers } = planVariant(parsed, req.headers.accept, known.doc, known.doc.contentHash)
      const file = cache.lookup(key)
      const stats = file ? await fs.stat(file).catch(() => undefined) : undefined
      if (!file || !stats) return false
      const decision = await options.rateLimit(req, options.clientAddress(req))
      if (!decision.allowed) return false
      options.setSecurityHeaders(req, res)
      for (const [name, value] of [...Object.entries(rateLimitHeaders(decision)), ...Object.entries(headers), ...options.corsHeaders(req.headers.origin)]) res.setHeader(name, value)
      if (matchesIfNoneMatch(req.headers['if-none-match'], etag)) {
        res.removeHeader('Content-Type')
        res.writeHead(304)
        res.end()
        return true
      }
      res.setHeader('Content-Length', String(stats.size))
      res.writeHead(200)
      if (method === 'HEAD') res.end()
      else createReadStream(file).on('error', () => res.destroy()).pipe(res)
      return true
    }
    return answerBeforeExpress(tryVariant, rest)
  }

  /**
   * Documents stored before Folio recorded a file's content hash, placeholder and colour at upload
   * get them from their file, written directly (no new version, no webhook: the content did not
   * change). Run in the background at start; files that are gone are counted and left alone.
   */
  async function backfillImageFields(payload: Payload): Promise<{ recorded: number; missing: number }> {
    const { docs } = await payload.db.find<MediaDoc>({
      collection: collection as 'media',
      where: { or: [{ contentHash: { exists: false } }, { contentHash: { equals: null } }] },
      select: { filename: true, prefix: true, mimeType: true },
      limit: 0,
      pagination: false,
    })
    let recorded = 0
    let missing = 0
    for (const doc of docs) {
      const input = doc.filename ? await source.read({ filename: doc.filename, prefix: doc.prefix }) : undefined
      if (input === undefined) {
        missing += 1
        continue
      }
      const data = Buffer.isBuffer(input) ? input : await fs.readFile(input)
      const described = doc.mimeType && TRANSFORMABLE.has(doc.mimeType) ? await describeImage(data, settings.maxInputPixels) : undefined
      await payload.db.updateOne({
        collection: collection as 'media',
        id: doc.id,
        data: { contentHash: sha256(data), placeholder: described?.placeholder ?? null, dominantColor: described?.dominantColor ?? null },
      })
      recorded += 1
      if (recorded % 100 === 0) payload.logger.info({ recorded, of: docs.length }, 'images: recording content hashes and placeholders of older uploads')
    }
    if (docs.length > 0) payload.logger.info({ recorded, missing }, 'images: older uploads now carry their content hash and placeholder')
    return { recorded, missing }
  }

  const fields: Field[] = [
    {
      name: 'contentHash',
      type: 'text',
      admin: { readOnly: true, position: 'sidebar', description: 'SHA-256 of the file; image URLs carry its first characters (v).' },
      access: { create: () => false, update: () => false },
    },
    { name: 'placeholder', type: 'text', admin: { hidden: true }, access: { create: () => false, update: () => false } },
    { name: 'dominantColor', type: 'text', admin: { readOnly: true, position: 'sidebar' }, access: { create: () => false, update: () => false } },
    srcsetField,
    presetsField,
  ]

  return { imageEndpoint, describeUpload, purgeReplaced, purgeDeleted, fields, serveVariantsFirst, backfillImageFields, cache, queue }
}
