import type { FuzzRequest, Generator, RawPlan } from '../types'
import { pickId } from './shared'

type RawCase = { plan: RawPlan; closeAllowed?: string; method?: string; target?: string }

const MALFORMED = 'malformed at the HTTP level: the server may answer 400 or just close'
const SILENT = 'the client stopped sending: the server may cut it off'
const ENDED = 'the client ended the connection before its request was complete'

const crlf = (lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1')

function rawRequest(made: RawCase & { name: string }): ReturnType<Generator['make']> {
  return {
    generator: made.name,
    role: 'anonymous',
    method: made.method ?? 'RAW',
    target: made.target ?? '',
    headers: [],
    raw: made.plan,
    closeAllowed: made.closeAllowed,
  } satisfies Omit<FuzzRequest, 'category'>
}

/** Bodies announced and never (fully) sent: the server must cut the client off, not wait for ever. */
const silentBodies: Generator = {
  name: 'raw.silent-body',
  weight: 2,
  make: (input) => {
    const { random, credentials } = input
    const path = random.pick(['/api/posts', '/api/users/login', '/api/graphql', '/api/media', '/api/form-submissions', `/api/posts/${pickId(input, 'posts')}`])
    const auth = random.chance(0.5) ? [`Authorization: JWT ${credentials.admin.token}`] : []
    const method = path.split('/').length > 3 && !path.endsWith('login') ? 'PATCH' : 'POST'
    const made = random.pick<() => RawCase>([
      () => ({ plan: { bytes: crlf([`${method} ${path} HTTP/1.1`, 'Host: fuzz', ...auth, 'Content-Type: application/json', 'Content-Length: 100', '', '']), after: 'hold', note: 'then nothing: the body is never sent' }, closeAllowed: SILENT }),
      () => ({ plan: { bytes: crlf([`${method} ${path} HTTP/1.1`, 'Host: fuzz', ...auth, 'Content-Type: application/json', 'Content-Length: 100', '', '{"title":']), after: 'hold', note: 'then nothing: the body stops half way' }, closeAllowed: SILENT }),
      () => ({ plan: { bytes: crlf([`${method} ${path} HTTP/1.1`, 'Host: fuzz', ...auth, 'Content-Type: application/json', 'Content-Length: 100', '', '{"title":']), after: 'end', note: 'then the client half-closes' }, closeAllowed: ENDED }),
      () => ({ plan: { bytes: crlf([`${method} ${path} HTTP/1.1`, 'Host: fuzz', ...auth, 'Content-Type: application/json', 'Transfer-Encoding: chunked', '', '5', '{"tit']), after: 'hold', note: 'then nothing: no further chunk' }, closeAllowed: SILENT }),
      () => ({ plan: { bytes: crlf([`${method} ${path} HTTP/1.1`, 'Host: fuzz', ...auth, 'Content-Type: application/json', 'Expect: 100-continue', 'Content-Length: 20', '', '']), after: 'hold', note: 'Expect: 100-continue, then nothing' }, closeAllowed: SILENT }),
      () => ({ plan: { bytes: crlf([`GET /api/posts HTTP/1.1`, 'Host: fuzz', '']), after: 'hold', note: 'the blank line ending the headers never comes' }, closeAllowed: SILENT }),
      () => ({ plan: { bytes: Buffer.alloc(0), after: 'hold', note: 'a connection that sends nothing' }, closeAllowed: SILENT }),
    ])()
    return rawRequest({ ...made, name: 'raw.silent-body', method, target: path })
  },
}

/** Headers dripped one byte at a time (slowloris). */
const slowloris: Generator = {
  name: 'raw.slowloris',
  weight: 1,
  make: (input) => {
    const { random } = input
    const endless = random.chance(0.6)
    const headers = ['GET /api/posts HTTP/1.1', 'Host: fuzz', ...Array.from({ length: endless ? 200 : 3 }, (_, i) => `X-Slow-${i}: ${'a'.repeat(20)}`)]
    const bytes = crlf(endless ? headers : [...headers, 'Connection: close', ''])
    return rawRequest({
      name: 'raw.slowloris',
      method: 'GET',
      target: '/api/posts',
      plan: { bytes, after: 'hold', drip: { bytes: endless ? 2 : 16, everyMs: endless ? 400 : 150 }, note: endless ? 'headers that never end, 2 bytes every 400 ms' : 'a complete request sent 16 bytes every 150 ms' },
      closeAllowed: endless ? SILENT : undefined,
    })
  },
}

/** Framing errors: chunked encoding, Content-Length, request line and header syntax. */
const framing: Generator = {
  name: 'raw.framing',
  weight: 4,
  make: (input) => {
    const { random } = input
    const json = '{"title":"raw"}'
    const post = (headers: string[], body: string) => crlf(['POST /api/categories HTTP/1.1', 'Host: fuzz', 'Content-Type: application/json', 'Connection: close', ...headers, '', body])
    const made = random.pick<() => RawCase>([
      () => ({ plan: { bytes: post(['Transfer-Encoding: chunked'], `zz\r\n${json}\r\n0\r\n`), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: post(['Transfer-Encoding: chunked'], `ffffffffffffffffff\r\n${json}\r\n0\r\n`), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: post(['Transfer-Encoding: chunked'], `-1\r\n${json}\r\n0\r\n`), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: post(['Transfer-Encoding: chunked'], `3\r\n${json}\r\n0\r\n`), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: post(['Transfer-Encoding: chunked'], `${json.length.toString(16)};ext="x\r\n${json}\r\n0\r\n`), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: post(['Transfer-Encoding: chunked'], `${json.length.toString(16)}\n${json}\n0\n`), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: post(['Transfer-Encoding: chunked', `Content-Length: ${json.length}`], `${json.length.toString(16)}\r\n${json}\r\n0\r\n`), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: post(['Transfer-Encoding: gzip, chunked'], `${json.length.toString(16)}\r\n${json}\r\n0\r\n`), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: post(['Transfer-Encoding: chunked, identity'], json), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: post(['Transfer-Encoding: xchunked'], json), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: post(['Transfer-Encoding : chunked'], `${json.length.toString(16)}\r\n${json}\r\n0\r\n`), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: post(['Content-Length: -1'], json), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: post(['Content-Length: abc'], json), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: post([`Content-Length: ${json.length}`, `Content-Length: ${json.length + 5}`], json), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: post([`Content-Length: ${json.length}, ${json.length}`], json), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: post(['Content-Length: 99999999999999999999999'], json), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: post([`Content-Length: +${json.length}`], json), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: post([`Content-Length: ${json.length - 5}`], json), after: 'hold' }, closeAllowed: 'the body is longer than announced: the rest is a malformed second request' }),
      () => ({ plan: { bytes: crlf(['GET /api/posts HTTP/1.1', 'Host: fuzz', 'X-Bad Header: x', 'Connection: close', '', '']), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: crlf(['GET /api/posts HTTP/1.1', 'Host: fuzz', 'NoColon', 'Connection: close', '', '']), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: crlf(['GET /api/posts HTTP/1.1', 'Host: fuzz', 'X-A: a', ' folded continuation', 'Connection: close', '', '']), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: Buffer.from('GET /api/posts HTTP/1.1\nHost: fuzz\nConnection: close\n\n'), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: crlf(['GET /api/posts HTTP/1.1', 'Connection: close', '', '']), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: crlf(['GET /api/posts HTTP/1.1', 'Host: fuzz', 'Host: other', 'Connection: close', '', '']), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: crlf(['GET /api/posts', '', '']), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: crlf(['GET /api/posts HTTP/1.0', '', '']), after: 'hold' } }),
      () => ({ plan: { bytes: crlf(['GET /api/posts HTTP/2.0', 'Host: fuzz', '', '']), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: crlf(['GET /api/posts HTTP/9.9', 'Host: fuzz', '', '']), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: crlf(['GET  /api/posts  HTTP/1.1', 'Host: fuzz', '', '']), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: crlf(['GET /api/po sts HTTP/1.1', 'Host: fuzz', '', '']), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: crlf([`${'G'.repeat(5000)} /api/posts HTTP/1.1`, 'Host: fuzz', '', '']), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: crlf(['GET http://evil.example/api/posts HTTP/1.1', 'Host: fuzz', 'Connection: close', '', '']), after: 'hold' } }),
      () => ({ plan: { bytes: crlf(['GET api/posts HTTP/1.1', 'Host: fuzz', 'Connection: close', '', '']), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: crlf(['CONNECT 127.0.0.1:22 HTTP/1.1', 'Host: 127.0.0.1:22', '', '']), after: 'hold' }, closeAllowed: 'Folio is not a proxy: a CONNECT may be refused by closing' }),
      () => ({ plan: { bytes: crlf(['GET /api/posts HTTP/1.1', 'Host: fuzz', 'Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', '', '']), after: 'hold' }, closeAllowed: 'an Upgrade the server does not support may be refused by closing' }),
      () => ({ plan: { bytes: crlf(['GET /api/posts HTTP/1.1', 'Host: fuzz', `X-Big: ${'a'.repeat(random.pick([17_000, 70_000]))}`, 'Connection: close', '', '']), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: crlf(['GET /api/posts HTTP/1.1', 'Host: fuzz', ...Array.from({ length: random.pick([150, 3000]) }, (_, i) => `X-H${i}: ${i}`), 'Connection: close', '', '']), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: crlf(['GET /api/posts HTTP/1.1', 'Host: fuzz', 'X-Nul: a\u0000b', 'Connection: close', '', '']), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: crlf(['GET /api/posts HTTP/1.1', 'Host: fuzz', 'X-Cr: a\rb', 'Connection: close', '', '']), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: Buffer.concat([crlf(['GET /api/posts HTTP/1.1', 'Host: fuzz', '', '']), crlf(['GET /api/pages HTTP/1.1', 'Host: fuzz', 'Connection: close', '', ''])]), after: 'hold', note: 'two pipelined requests; the first answer is judged' } }),
      () => ({ plan: { bytes: Buffer.from('\r\n\r\n\r\nGET /api/posts HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n'), after: 'hold' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03]), after: 'hold', note: 'a TLS ClientHello to a plain-HTTP port' }, closeAllowed: MALFORMED }),
      () => ({ plan: { bytes: Buffer.from('\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000', 'latin1'), after: 'hold' }, closeAllowed: MALFORMED }),
    ])()
    return rawRequest({ ...made, name: 'raw.framing' })
  },
}

export const rawGenerators: Generator[] = [silentBodies, slowloris, framing]
