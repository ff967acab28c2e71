import type { Bytes, FuzzRequest, RawPlan } from './types'

const toBuffer = (bytes: Bytes) => (typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes)

const hasHeader = (request: FuzzRequest, name: string) => request.headers.some(([key]) => key.trim().toLowerCase() === name)

/**
 * The bytes of an ordinary request: request line, the generator's headers in order (names spelled
 * as given, repeats kept), then Host, Content-Length and `Connection: close` unless given, and
 * the body. Nothing is normalised or validated: that is the point.
 */
export function encodeRequest(request: FuzzRequest, host: string): RawPlan {
  if (request.raw) return request.raw
  const lines: Buffer[] = [Buffer.concat([Buffer.from(`${request.method} `), toBuffer(request.target), Buffer.from(' HTTP/1.1')])]
  if (!hasHeader(request, 'host')) lines.push(Buffer.from(`Host: ${host}`))
  for (const [name, value] of request.headers) lines.push(Buffer.concat([Buffer.from(`${name}: `), toBuffer(value)]))
  const body = request.body
  if (body && !request.omitLength && !hasHeader(request, 'content-length') && !hasHeader(request, 'transfer-encoding')) {
    lines.push(Buffer.from(`Content-Length: ${body.length}`))
  }
  if (!hasHeader(request, 'connection')) lines.push(Buffer.from('Connection: close'))
  const head = Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\r\n')]))
  return { bytes: Buffer.concat([head, Buffer.from('\r\n'), body ?? Buffer.alloc(0)]), after: 'hold' }
}
