import { createHmac, timingSafeEqual } from 'node:crypto'

/** Larger images are refused before anything decodes them (decompression bombs), at upload and at transform. */
export const MAX_INPUT_PIXELS = 100_000_000

/** Output formats a transform may ask for; `auto` picks by the request's `Accept`. */
export const IMAGE_FORMATS = ['auto', 'avif', 'webp', 'jpeg', 'png'] as const
export type ImageFormat = (typeof IMAGE_FORMATS)[number]
export type OutputFormat = Exclude<ImageFormat, 'auto'>

export const IMAGE_FITS = ['cover', 'contain', 'inside'] as const
export type ImageFit = (typeof IMAGE_FITS)[number]

/** The widths anyone may ask for without a signature: the steps of a `srcset`. */
export const WIDTH_LADDER = [320, 480, 640, 768, 960, 1280, 1600, 1920, 2560] as const

export const DEFAULT_QUALITY = 75

export type ImagePreset = { width: number; height?: number; fit: ImageFit; format?: OutputFormat }

/** Named transforms anyone may ask for (`preset=card`), the shapes a site's templates use. */
export const IMAGE_PRESETS: Record<string, ImagePreset> = {
  thumbnail: { width: 320, height: 320, fit: 'cover' },
  card: { width: 768, height: 512, fit: 'cover' },
  hero: { width: 1920, height: 960, fit: 'cover' },
  /** Open Graph and Twitter cards: 1200×630, JPEG, as every crawler reads it. */
  social: { width: 1200, height: 630, fit: 'cover', format: 'jpeg' },
}

/** The query parameters of a transform; `sig` and `v` are read apart. */
const PARAMETERS = ['w', 'h', 'fit', 'q', 'format', 'preset', 'v', 'sig'] as const

/** What to render: every parameter settled, defaults filled in. */
export type ImageTransform = {
  width?: number
  height?: number
  fit: ImageFit
  quality: number
  format: ImageFormat
  preset?: string
}

export type ParsedTransform = {
  transform: ImageTransform
  /** The content hash the URL names (`v`), when it names one. */
  version?: string
  signature?: string
  /** Whether anyone may ask for it unsigned: a preset, or a ladder width with nothing else but a format. */
  isOpen: boolean
  /** The transform's parameters in one spelling, what a signature covers and a variant is keyed by. */
  canonical: string
}

export class ImageParameterError extends Error {
  constructor(
    message: string,
    readonly parameter: string,
  ) {
    super(message)
  }
}

function readWhole(params: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = params.get(name)
  if (raw === null) return undefined
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value < min || value > max) throw new ImageParameterError(`"${name}" must be a whole number from ${min} to ${max}, got "${raw}"`, name)
  return value
}

function readChoice<T extends string>(params: URLSearchParams, name: string, choices: readonly T[]): T | undefined {
  const raw = params.get(name)
  if (raw === null) return undefined
  if (!(choices as readonly string[]).includes(raw)) throw new ImageParameterError(`"${name}" must be one of ${choices.join(', ')}, got "${raw}"`, name)
  return raw as T
}

/**
 * Reads a transform from a query string. Refuses, naming the parameter, anything it does not
 * know, a parameter given twice, and values out of range (sides up to `maxSide`).
 */
export function parseTransform(params: URLSearchParams, maxSide: number): ParsedTransform {
  for (const key of new Set(params.keys())) {
    if (!(PARAMETERS as readonly string[]).includes(key)) throw new ImageParameterError(`Unknown parameter "${key}"; an image takes ${PARAMETERS.join(', ')}`, key)
    if (params.getAll(key).length > 1) throw new ImageParameterError(`"${key}" is given more than once`, key)
  }
  const presetName = params.get('preset') ?? undefined
  if (presetName !== undefined && !Object.hasOwn(IMAGE_PRESETS, presetName)) {
    throw new ImageParameterError(`"preset" must be one of ${Object.keys(IMAGE_PRESETS).join(', ')}, got "${presetName}"`, 'preset')
  }
  const preset = presetName === undefined ? undefined : IMAGE_PRESETS[presetName]
  if (preset && ['w', 'h', 'fit'].some((name) => params.has(name))) {
    throw new ImageParameterError('"preset" sets the size and fit: leave out "w", "h" and "fit"', 'preset')
  }
  const width = preset?.width ?? readWhole(params, 'w', 1, maxSide)
  const height = preset?.height ?? readWhole(params, 'h', 1, maxSide)
  const fit = preset?.fit ?? readChoice(params, 'fit', IMAGE_FITS) ?? (width && height ? 'cover' : 'inside')
  const quality = readWhole(params, 'q', 1, 100) ?? DEFAULT_QUALITY
  const format = readChoice(params, 'format', IMAGE_FORMATS) ?? preset?.format ?? 'auto'
  const version = params.get('v') ?? undefined
  if (version !== undefined && !/^[0-9a-f]{8,64}$/.test(version)) throw new ImageParameterError('"v" must be the content hash the API gives (hexadecimal)', 'v')

  const transform: ImageTransform = { width, height, fit, quality, format, ...(presetName ? { preset: presetName } : {}) }
  const isOpen =
    !params.has('q') &&
    (presetName !== undefined || (width !== undefined && height === undefined && !params.has('fit') && (WIDTH_LADDER as readonly number[]).includes(width)))
  return { transform, version, signature: params.get('sig') ?? undefined, isOpen, canonical: canonicalTransform(transform) }
}

/** One spelling of a transform: the same image asked in two ways is one variant and one signature. */
export function canonicalTransform(transform: ImageTransform): string {
  const parts: string[] = []
  if (transform.preset) parts.push(`preset=${transform.preset}`)
  else {
    if (transform.width !== undefined) parts.push(`w=${transform.width}`)
    if (transform.height !== undefined) parts.push(`h=${transform.height}`)
    parts.push(`fit=${transform.fit}`)
  }
  parts.push(`q=${transform.quality}`, `format=${transform.format}`)
  return parts.join('&')
}

const signatureOf = (key: string, mediaId: string, canonical: string) => createHmac('sha256', key).update(`${mediaId}?${canonical}`).digest('base64url')

/** The `sig` for a transform of one media document: HMAC-SHA256 with IMAGE_SIGNING_KEY, base64url. */
export function signTransform(key: string, mediaId: string, transform: ImageTransform): string {
  return signatureOf(key, mediaId, canonicalTransform(transform))
}

export function hasValidSignature(key: string, mediaId: string, parsed: ParsedTransform): boolean {
  if (!parsed.signature) return false
  const expected = Buffer.from(signatureOf(key, mediaId, parsed.canonical))
  const given = Buffer.from(parsed.signature)
  return given.length === expected.length && timingSafeEqual(given, expected)
}
