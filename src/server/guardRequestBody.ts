import { ErrorCode } from '../errors/errorCodes'
import { errorResponse } from '../errors/errorResponse'
import type { FetchHandler } from './FetchHandler'

/** Deeper JSON than this is refused: rich text nests a few dozen levels at most. */
export const MAX_JSON_DEPTH = 100

type Options = {
  maxJsonBytes: number
  /** Uploads are refused up front when they announce more than this (UPLOAD_MAX_BYTES and room for the form). */
  maxUploadBytes: number
  /** Uploads come as multipart/form-data; GraphQL takes JSON only. */
  allowMultipart: boolean
}

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH'])

/**
 * Read as JSON. `text/plain` is what a browser's fetch sends a string body as, and Payload's own
 * admin sends JSON that way (the search plugin's Reindex); it must still parse as a JSON object.
 */
const JSON_TYPES = new Set(['application/json', 'text/plain'])

/** RFC 2046: 1 to 70 characters from this set, not ending in a space. */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/

type Refusal = { status: 400 | 413 | 415; code: string; message: string; data?: Record<string, unknown> }

function refuse({ status, code, message, data }: Refusal): Response {
  return errorResponse(status, message, code, { data })
}

type MediaType = { type: string; params: Map<string, string> }

function parseMediaType(header: string | null): MediaType | undefined {
  if (!header) return undefined
  const [type = '', ...rest] = header.split(';')
  const params = new Map<string, string>()
  for (const part of rest) {
    const index = part.indexOf('=')
    if (index === -1) continue
    let value = part.slice(index + 1).trim()
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    params.set(part.slice(0, index).trim().toLowerCase(), value)
  }
  return { type: type.trim().toLowerCase(), params }
}

/**
 * Reads and drops what is left of a body refused early, up to `maxBytes`, so that the client,
 * still sending, gets to read the answer instead of a broken connection. A body larger than that
 * is cut off (its sender cannot be waited for).
 */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, maxBytes: number): Promise<void> {
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      size += value.byteLength
      if (size > maxBytes) break
    }
  } catch {
    return
  }
  await reader.cancel().catch(() => undefined)
}

/**
 * Refuses a body refused early once the rest of it has arrived, when it announces at most twice
 * `limit`; a larger one is refused at once (nobody waits for gigabytes to drop them).
 */
async function refuseAfterDraining(request: Request, limit: number, refusal: Refusal): Promise<Response> {
  const declared = Number(request.headers.get('content-length') ?? NaN)
  if (request.body && !request.bodyUsed && !(declared > limit * 2)) await drain(request.body.getReader(), limit * 2)
  return refuse(refusal)
}

/** Reads the body, giving up (undefined, the rest drained) as soon as it exceeds `maxBytes`. */
async function readLimited(request: Request, maxBytes: number): Promise<Uint8Array | undefined> {
  if (!request.body) return new Uint8Array()
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await drain(reader, maxBytes)
      return undefined
    }
    chunks.push(value)
  }
  const body = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  return body
}

/** The first problem with a parsed JSON value that Payload's handlers cannot take. */
function findJsonProblem(root: unknown): Refusal | undefined {
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    return { status: 400, code: ErrorCode.InvalidBody, message: 'The request body must be a JSON object' }
  }
  // Iterative, so hostile nesting cannot exhaust the stack here.
  const stack: { value: unknown; depth: number; path: string }[] = [{ value: root, depth: 1, path: '' }]
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!
    if (typeof value === 'number' && !Number.isFinite(value)) {
      return { status: 400, code: ErrorCode.InvalidJson, message: `The number at "${path}" is out of range`, data: { path } }
    }
    if (typeof value !== 'object' || value === null) continue
    if (depth > MAX_JSON_DEPTH) {
      return { status: 400, code: ErrorCode.InvalidJson, message: `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels`, data: { path } }
    }
    for (const [key, child] of Object.entries(value)) stack.push({ value: child, depth: depth + 1, path: path ? `${path}.${key}` : key })
  }
  return undefined
}

const UNSUPPORTED = (allowMultipart: boolean): Refusal => ({
  status: 415,
  code: ErrorCode.UnsupportedMediaType,
  message: allowMultipart
    ? 'Send JSON (Content-Type: application/json), or multipart/form-data for uploads'
    : 'Send JSON (Content-Type: application/json)',
})

/**
 * Checks a request body before Payload reads it, since Payload answers most malformed bodies with
 * a 500: anything but JSON (or multipart where uploads are taken) gets 415; JSON (also when sent
 * as text/plain, as browsers send fetch bodies) must parse, be an
 * object, stay within `maxJsonBytes` and MAX_JSON_DEPTH, and hold only finite numbers; multipart
 * must name a valid boundary. JSON is passed on with the plain `application/json` type Payload
 * recognises (it ignores `Application/JSON; charset=utf-8`).
 */
export function guardRequestBody(handler: FetchHandler, { maxJsonBytes, maxUploadBytes, allowMultipart }: Options): FetchHandler {
  return async (request) => {
    if (!METHODS_WITH_BODY.has(request.method) || !request.body) return handler(request)
    const declaredLength = Number(request.headers.get('content-length') ?? NaN)
    const mediaType = parseMediaType(request.headers.get('content-type'))
    const encoding = request.headers.get('content-encoding')?.trim().toLowerCase()
    if (encoding && encoding !== 'identity') {
      return refuse({ status: 415, code: ErrorCode.UnsupportedMediaType, message: `Request bodies are not decoded: send them without Content-Encoding (got "${encoding}")` })
    }

    if (mediaType?.type === FORM_URLENCODED && request.method === 'POST' && readsByOverride(request)) {
      if (declaredLength > maxJsonBytes) return refuseAfterDraining(request, maxJsonBytes, tooLarge(maxJsonBytes))
      const body = await readLimited(request, maxJsonBytes)
      if (!body) return refuse(tooLarge(maxJsonBytes))
      return handler(asGet(request, new TextDecoder().decode(body)))
    }

    if (mediaType?.type === 'multipart/form-data' && allowMultipart) {
      const boundary = mediaType.params.get('boundary')
      if (!boundary || !BOUNDARY.test(boundary)) {
        return refuse({ status: 400, code: ErrorCode.InvalidMultipart, message: 'multipart/form-data needs a boundary parameter of 1 to 70 letters, digits or \'()+_,-./:=? (RFC 2046)' })
      }
      if (declaredLength > maxUploadBytes) {
        return refuseAfterDraining(request, maxUploadBytes, { status: 413, code: ErrorCode.PayloadTooLarge, message: `Uploads must be at most ${maxUploadBytes} bytes, form included` })
      }
      return handler(request)
    }

    if (mediaType && !JSON_TYPES.has(mediaType.type)) {
      if (declaredLength === 0) return handler(withJson(request, EMPTY_OBJECT))
      return refuseAfterDraining(request, maxJsonBytes, UNSUPPORTED(allowMultipart))
    }
    if (declaredLength > maxJsonBytes) return refuseAfterDraining(request, maxJsonBytes, tooLarge(maxJsonBytes))
    const body = await readLimited(request, maxJsonBytes)
    if (!body) return refuse(tooLarge(maxJsonBytes))
    // No body at all reads as an empty object, so hooks expecting data see some (and refuse it by field).
    if (body.byteLength === 0) return handler(withJson(request, EMPTY_OBJECT))
    if (!mediaType) return refuse({ ...UNSUPPORTED(allowMultipart), message: `A request body needs a Content-Type: ${UNSUPPORTED(allowMultipart).message}` })

    let text: string
    let parsed: unknown
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body)
      parsed = JSON.parse(text)
    } catch (error) {
      const reason = error instanceof SyntaxError ? error.message.replace(/^JSON\.parse: /, '') : 'the body is not valid UTF-8'
      return refuse({ status: 400, code: ErrorCode.InvalidJson, message: `Invalid JSON: ${reason}` })
    }
    const problem = findJsonProblem(parsed)
    if (problem) return refuse(problem)
    return handler(withJson(request, text))
  }
}

const EMPTY_OBJECT = '{}'
const FORM_URLENCODED = 'application/x-www-form-urlencoded'

/**
 * Payload's admin reads long queries (a relationship field's options) as a POST with
 * `X-Payload-HTTP-Method-Override: GET` and the query string as a form-encoded body.
 */
const readsByOverride = (request: Request) =>
  request.headers.get('x-payload-http-method-override') === 'GET' || request.headers.get('x-http-method-override') === 'GET'

/** Such a read as the GET it stands for: the body's parameters added to the URL's, no body. */
function asGet(request: Request, query: string): Request {
  const url = new URL(request.url)
  for (const [name, value] of new URLSearchParams(query)) url.searchParams.append(name, value)
  const headers = new Headers(request.headers)
  for (const name of ['content-type', 'content-length', 'x-payload-http-method-override', 'x-http-method-override']) headers.delete(name)
  return new Request(url, { method: 'GET', headers, signal: request.signal })
}

/** The same request with `text` as its JSON body, typed as Payload recognises JSON. */
function withJson(request: Request, text: string): Request {
  const headers = new Headers(request.headers)
  headers.set('content-type', 'application/json')
  headers.delete('content-length')
  return new Request(request.url, { method: request.method, headers, body: text, signal: request.signal })
}

function tooLarge(maxJsonBytes: number): Refusal {
  return { status: 413, code: ErrorCode.PayloadTooLarge, message: `The JSON body must be at most ${maxJsonBytes} bytes` }
}
