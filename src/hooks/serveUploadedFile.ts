import { createReadStream } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'

import mime from 'mime-types'
import parseRange from 'range-parser'
import type { PayloadRequest } from 'payload'

import { matchesIfNoneMatch } from '../cache/etag'
import { ErrorCode } from '../errors/errorCodes'
import { errorResponse } from '../errors/errorResponse'

type UploadHandlerArgs = { params: { collection: string; filename: string; prefix?: string } }

/**
 * Browsers and CDNs keep a file and ask again each time whether it changed (a 304 costs a few
 * bytes): a file's URL is its name, which a new upload may take again.
 */
export const UPLOADED_FILE_CACHE_CONTROL = 'public, max-age=0, must-revalidate'

/** SVG and other XML files may carry scripts: they run in no context of Folio's. */
const XML_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"

const notFound = () => errorResponse(404, 'File not found', ErrorCode.NotFound)

/** The validator of a file on disk: its size and modification time, as static file servers make it. */
export const fileETag = (stats: { size: number; mtimeMs: number }) => `"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`

/** RFC 9110's If-Modified-Since: not modified when the file is no newer than the date the client holds. */
function notModifiedSince(header: string | null, mtime: Date): boolean {
  if (!header) return false
  const since = Date.parse(header)
  return !Number.isNaN(since) && Math.floor(mtime.getTime() / 1000) * 1000 <= since
}

/**
 * An upload collection's file handler for files on local disk, answering as a static file server
 * does: `ETag` and `Last-Modified`, `304` on `If-None-Match` or `If-Modified-Since`, byte ranges
 * (`206`, `If-Range`, `416`), `Cache-Control` that revalidates, and a 404 for a file that is not on
 * disk (where Payload would answer 500 and log the absolute path). Payload has checked read access
 * before any handler runs. HEAD reaches it as a GET (answerHeadAsGet drops the body).
 */
export function serveUploadedFile(staticDir: string) {
  const root = path.resolve(staticDir)
  // Payload's handler type is a union of promises; a handler that always answers is cast to it.
  const handler = async (req: PayloadRequest, { params }: UploadHandlerArgs): Promise<Response> => {
    const filePath = path.resolve(root, params.filename ?? '')
    if (!filePath.startsWith(root + path.sep)) return notFound()
    const stats = await fs.stat(filePath).catch(() => undefined)
    if (!stats?.isFile()) return notFound()

    const etag = fileETag(stats)
    const contentType = mime.lookup(filePath) || 'application/octet-stream'
    const headers = new Headers({
      'Content-Type': contentType,
      ETag: etag,
      'Last-Modified': stats.mtime.toUTCString(),
      'Cache-Control': UPLOADED_FILE_CACHE_CONTROL,
      'Accept-Ranges': 'bytes',
    })
    if (/xml/.test(contentType)) headers.set('Content-Security-Policy', XML_CONTENT_SECURITY_POLICY)

    const ifNoneMatch = req.headers.get('if-none-match')
    if (ifNoneMatch ? matchesIfNoneMatch(ifNoneMatch, etag) : notModifiedSince(req.headers.get('if-modified-since'), stats.mtime)) {
      headers.delete('Content-Type')
      return new Response(null, { status: 304, headers })
    }

    const rangeHeader = req.headers.get('range')
    const ifRange = req.headers.get('if-range')
    // A range of a file that changed since the client's copy would splice two files: send it whole.
    const rangeStillValid = !ifRange || ifRange === etag || ifRange === stats.mtime.toUTCString()
    if (rangeHeader && rangeStillValid) {
      const ranges = parseRange(stats.size, rangeHeader, { combine: true })
      if (ranges === -1) {
        headers.set('Content-Range', `bytes */${stats.size}`)
        headers.delete('Content-Type')
        return new Response(null, { status: 416, headers })
      }
      // A single range is what media players and PDF viewers ask for; several (or a malformed
      // header, -2) get the whole file, which RFC 9110 allows.
      if (ranges !== -2 && ranges.type === 'bytes' && ranges.length === 1) {
        const { start, end } = ranges[0]
        headers.set('Content-Range', `bytes ${start}-${end}/${stats.size}`)
        headers.set('Content-Length', String(end - start + 1))
        return new Response(Readable.toWeb(createReadStream(filePath, { start, end })) as ReadableStream, { status: 206, headers })
      }
    }
    headers.set('Content-Length', String(stats.size))
    return new Response(Readable.toWeb(createReadStream(filePath)) as ReadableStream, { status: 200, headers })
  }
  return handler
}
