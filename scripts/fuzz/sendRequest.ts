import net from 'node:net'

import type { Answer, RawPlan } from './types'

const HEADER_END = Buffer.from('\r\n\r\n')
/** Answers are cut here: enough to judge them, small enough to keep thousands in memory. */
const MAX_BODY_BYTES = 256 * 1024

type Parsed = { status: number; headers: Record<string, string>; body: Buffer; complete: boolean }

/** Decodes a chunked body; `complete` once the last (empty) chunk arrived. */
function decodeChunked(data: Buffer): { body: Buffer; complete: boolean } {
  const parts: Buffer[] = []
  let offset = 0
  for (;;) {
    const lineEnd = data.indexOf('\r\n', offset)
    if (lineEnd < 0) return { body: Buffer.concat(parts), complete: false }
    const size = Number.parseInt(data.subarray(offset, lineEnd).toString('latin1').split(';')[0].trim(), 16)
    if (!Number.isFinite(size)) return { body: Buffer.concat(parts), complete: false }
    if (size === 0) return { body: Buffer.concat(parts), complete: true }
    const start = lineEnd + 2
    if (data.length < start + size) {
      parts.push(data.subarray(start))
      return { body: Buffer.concat(parts), complete: false }
    }
    parts.push(data.subarray(start, start + size))
    offset = start + size + 2
  }
}

/** The first final (non-1xx) answer in `data`, or undefined while its head is incomplete. */
function parseAnswer(data: Buffer, isHead: boolean, ended: boolean): Parsed | undefined {
  let offset = 0
  for (;;) {
    const headEnd = data.indexOf(HEADER_END, offset)
    if (headEnd < 0) return undefined
    const [statusLine, ...headerLines] = data.subarray(offset, headEnd).toString('latin1').split('\r\n')
    const status = Number(statusLine.split(' ')[1])
    const headers: Record<string, string> = {}
    for (const line of headerLines) {
      const colon = line.indexOf(':')
      if (colon < 0) continue
      const name = line.slice(0, colon).trim().toLowerCase()
      const value = line.slice(colon + 1).trim()
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`
    }
    const rest = data.subarray(headEnd + 4)
    if (status >= 100 && status < 200 && status !== 101) {
      offset = headEnd + 4
      continue
    }
    if (isHead || status === 204 || status === 304) return { status, headers, body: Buffer.alloc(0), complete: true }
    if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      const { body, complete } = decodeChunked(rest)
      return { status, headers, body, complete: complete || body.length >= MAX_BODY_BYTES }
    }
    if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length'])
      const complete = rest.length >= length || rest.length >= MAX_BODY_BYTES
      return { status, headers, body: rest.subarray(0, Math.min(length, MAX_BODY_BYTES)), complete }
    }
    // No length: the body runs until the server closes.
    return { status, headers, body: rest.subarray(0, MAX_BODY_BYTES), complete: ended || rest.length >= MAX_BODY_BYTES }
  }
}

/**
 * Writes `plan.bytes` to a new TCP connection and reads the first answer, by hand: `fetch` and
 * `http.request` refuse (or repair) most of what a fuzzer sends. Never rejects: a connection
 * closed or reset without an answer, or nothing within `timeoutMs`, is an outcome like any other.
 */
export function sendRequest(options: { host: string; port: number; plan: RawPlan; isHead: boolean; timeoutMs: number }): Promise<Answer> {
  const { host, port, plan, isHead, timeoutMs } = options
  const startedAt = performance.now()
  return new Promise((resolve) => {
    const socket = net.connect({ host, port })
    const chunks: Buffer[] = []
    let received = 0
    let settled = false
    let drip: NodeJS.Timeout | undefined

    const finish = (answer: Omit<Answer, 'ms'>) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      clearInterval(drip)
      socket.destroy()
      resolve({ ...answer, ms: Math.round(performance.now() - startedAt) })
    }
    const timer = setTimeout(() => {
      const parsed = parseAnswer(Buffer.concat(chunks), isHead, false)
      if (parsed) finish({ outcome: 'answered', status: parsed.status, headers: parsed.headers, body: parsed.body, truncated: true })
      else finish({ outcome: 'timeout' })
    }, timeoutMs)

    socket.on('data', (chunk: Buffer) => {
      if (received < MAX_BODY_BYTES * 2) chunks.push(chunk)
      received += chunk.length
      const parsed = parseAnswer(Buffer.concat(chunks), isHead, false)
      if (parsed?.complete) finish({ outcome: 'answered', status: parsed.status, headers: parsed.headers, body: parsed.body })
    })
    const onEnd = (error?: Error) => {
      if (settled) return
      const data = Buffer.concat(chunks)
      const parsed = parseAnswer(data, isHead, true)
      if (parsed) {
        finish({ outcome: 'answered', status: parsed.status, headers: parsed.headers, body: parsed.body, truncated: !parsed.complete })
        return
      }
      if (data.length > 0) {
        finish({ outcome: 'reset', error: `incomplete answer: ${JSON.stringify(data.subarray(0, 80).toString('latin1'))}` })
        return
      }
      finish({ outcome: error ? 'reset' : 'closed', error: error ? ((error as NodeJS.ErrnoException).code ?? error.message) : undefined })
    }
    socket.on('end', () => onEnd())
    socket.on('close', () => onEnd())
    socket.on('error', (error) => onEnd(error))

    socket.once('connect', () => {
      const after = () => {
        if (plan.after === 'end') socket.end()
      }
      if (!plan.drip) {
        socket.write(plan.bytes, after)
        return
      }
      const { bytes: size, everyMs } = plan.drip
      let offset = 0
      const writeNext = () => {
        if (settled || socket.destroyed) return
        socket.write(plan.bytes.subarray(offset, offset + size))
        offset += size
        if (offset >= plan.bytes.length) {
          clearInterval(drip)
          after()
        }
      }
      writeNext()
      drip = setInterval(writeNext, everyMs)
    })
  })
}
