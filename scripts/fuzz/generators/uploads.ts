import zlib from 'node:zlib'

import type { Random } from '../random'
import type { Generator, GeneratorInput, Role } from '../types'
import { pickId, request, toJson } from './shared'

/** A valid 1×1 PNG. */
const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')
const MINIMAL_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
)

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(data: Buffer): number {
  let crc = 0xffffffff
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}
function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}
/** A PNG whose header says `width`×`height` (1-bit grey), with `rows` real rows of pixel data. */
function pngOfSize(width: number, height: number, rows: number): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([1, 0, 0, 0, 0], 8)
  const rowBytes = Math.ceil(width / 8) + 1
  const pixels = zlib.deflateSync(Buffer.alloc(rowBytes * rows), { level: 9 })
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', header), pngChunk('IDAT', pixels), pngChunk('IEND', Buffer.alloc(0))])
}

let bomb: Buffer | undefined
/** 20,000 × 20,000 pixels in about 50 KB: over sharp's pixel limit. Built once. */
const decompressionBomb = () => (bomb ??= pngOfSize(20_000, 20_000, 20_000))

type FilePart = { data: Buffer; filename?: string; type?: string; field?: string; extraHeaders?: string[] }

/** A multipart/form-data body: the file part(s), then `_payload` (unless null). */
function multipartBody(boundary: string, files: FilePart[], payload: string | null, extraFields: [string, string][] = []): Buffer {
  const parts: Buffer[] = []
  for (const file of files) {
    const disposition = `Content-Disposition: form-data; name="${file.field ?? 'file'}"${file.filename === undefined ? '' : `; filename="${file.filename}"`}`
    const head = [`--${boundary}`, disposition, ...(file.type === undefined ? [] : [`Content-Type: ${file.type}`]), ...(file.extraHeaders ?? []), '', ''].join('\r\n')
    parts.push(Buffer.from(head, 'utf8'), file.data, Buffer.from('\r\n'))
  }
  for (const [name, value] of [...(payload === null ? [] : ([['_payload', payload]] as [string, string][])), ...extraFields]) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`, 'utf8'))
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return Buffer.concat(parts)
}

const validPayload = () => JSON.stringify({ alt: 'Uploaded by the fuzzer' })

function someFile(random: Random): FilePart {
  return random.pick<() => FilePart>([
    () => ({ data: TINY_PNG, filename: 'tiny.png', type: 'image/png' }),
    () => ({ data: Buffer.alloc(0), filename: 'empty.png', type: 'image/png' }),
    () => ({ data: Buffer.from('<html><body>not an image</body></html>'), filename: 'page.png', type: 'image/png' }),
    () => ({ data: Buffer.from('just text'), filename: 'note.jpg', type: 'image/jpeg' }),
    () => ({ data: MINIMAL_PDF, filename: 'doc.png', type: 'image/png' }),
    () => ({ data: MINIMAL_PDF, filename: 'doc.pdf', type: 'application/pdf' }),
    () => ({ data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'), filename: 'x.svg', type: 'image/svg+xml' }),
    () => ({ data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>'), filename: 'x.png', type: 'image/png' }),
    () => ({ data: Buffer.concat([TINY_PNG.subarray(0, 8), Buffer.from('garbage garbage garbage')]), filename: 'corrupt.png', type: 'image/png' }),
    () => ({ data: TINY_PNG.subarray(0, 30), filename: 'truncated.png', type: 'image/png' }),
    () => ({ data: Buffer.from('GIF89a\u0001\u0000\u0001\u0000garbage', 'latin1'), filename: 'x.gif', type: 'image/gif' }),
    () => ({ data: Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 garbage', 'latin1'), filename: 'x.webp', type: 'image/webp' }),
    () => ({ data: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]), filename: 'x.jpg', type: 'image/jpeg' }),
    () => ({ data: Buffer.from('MZ\u0090\u0000executable', 'latin1'), filename: 'x.exe', type: 'application/octet-stream' }),
    () => ({ data: TINY_PNG, filename: 'x.png', type: 'application/x-php' }),
    () => ({ data: TINY_PNG, filename: random.pick(['../../escape.png', '..\\..\\escape.png', 'a\u0000b.png', `${'a'.repeat(1000)}.png`, '😀.png', '', '.png', 'x', 'con.png', 'x.png.php', ' .png', 'x/y.png', '%2e%2e%2fx.png']), type: 'image/png' }),
    () => ({ data: TINY_PNG, type: 'image/png' }),
    () => ({ data: TINY_PNG, filename: 'x.png', type: random.pick(['', 'image', 'image/', '*/*', 'image/png; charset=utf-8', 'IMAGE/PNG', 'x'.repeat(500)]) }),
    () => ({ data: TINY_PNG, filename: 'x.png', type: 'image/png', extraHeaders: [random.pick(['Content-Length: 99999999999', 'Content-Transfer-Encoding: base64', 'Content-Length: -1'])] }),
  ])()
}

/** Small files declaring extreme dimensions: what the image pipeline must refuse before it allocates. */
function dimensionBomb(random: Random): FilePart {
  return random.pick<() => FilePart>([
    () => ({ data: pngOfSize(100_000, 1, 1), filename: 'wide.png', type: 'image/png' }),
    () => ({ data: pngOfSize(1, 100_000, 100_000), filename: 'tall.png', type: 'image/png' }),
    () => ({ data: pngOfSize(30_000, 2, 2), filename: 'banner.png', type: 'image/png' }),
    () => ({ data: pngOfSize(65_535, 65_535, 2), filename: 'huge-header.png', type: 'image/png' }),
    () => ({ data: decompressionBomb(), filename: 'bomb.png', type: 'image/png' }),
  ])()
}

const uploadTargets = (input: GeneratorInput) =>
  input.random.weighted<() => { method: string; path: string }>([
    [6, () => ({ method: 'POST', path: '/api/media' })],
    [2, () => ({ method: 'PATCH', path: `/api/media/${pickId(input, 'media')}` })],
    [1, () => ({ method: 'POST', path: input.random.pick(['/api/posts', '/api/users/login', '/api/graphql', '/api/form-submissions', '/api/globals/site-settings', '/api/categories', '/api/users/forgot-password']) })],
  ])()

const uploaderRole = (random: Random): Role => random.weighted<Role>([[3, 'admin'], [2, 'editor'], [3, 'author'], [1, 'anonymous'], [1, 'apiKey']])

/** Uploads with odd files: empty, not what they claim, corrupt, huge dimensions, odd names. */
const files: Generator = {
  name: 'uploads.files',
  weight: 4,
  make: (input) => {
    const { random } = input
    const boundary = `----fuzz${random.hex(16)}`
    const target = uploadTargets(input)
    const payload = random.weighted<string | null>([
      [6, validPayload()],
      [1, null],
      [1, random.pick(['', 'not json', '[]', '5', 'null', '{"alt":5}', '{"alt":"x","unknownField":1}', '{"alt":{"$gt":""}}', toJson({ alt: 'x', focalX: 'x', focalY: 1e308 })])],
    ])
    const fileParts = random.weighted<FilePart[]>([
      [8, [someFile(random)]],
      [1, [someFile(random), someFile(random)]],
      [1, []],
    ])
    const body = multipartBody(boundary, fileParts, payload)
    return request(input, { ...target, target: target.path, role: uploaderRole(random), headers: [['Content-Type', `multipart/form-data; boundary=${boundary}`]], body })
  },
}

/** Multipart framing that is wrong: boundaries empty, garbage, missing or mismatched, bodies truncated. */
const framing: Generator = {
  name: 'uploads.framing',
  weight: 4,
  make: (input) => {
    const { random } = input
    const boundary = `----fuzz${random.hex(16)}`
    const target = uploadTargets(input)
    const valid = multipartBody(boundary, [{ data: TINY_PNG, filename: 'tiny.png', type: 'image/png' }], validPayload())
    const [contentType, body] = random.pick<() => [string, Buffer]>([
      () => ['multipart/form-data; boundary=', valid],
      () => ['multipart/form-data; boundary=""', valid],
      () => ['multipart/form-data', valid],
      () => ['multipart/form-data; boundary=garbage', valid],
      () => [`multipart/form-data; boundary=${boundary}`, Buffer.from('garbage that is not multipart')],
      () => [`multipart/form-data; boundary=${boundary}`, Buffer.alloc(0)],
      () => [`multipart/form-data; boundary=${boundary}`, valid.subarray(0, random.int(1, valid.length - 1))],
      () => [`multipart/form-data; boundary=${boundary}`, valid.subarray(0, valid.length - random.int(1, 8))],
      () => [`multipart/form-data; boundary=${'b'.repeat(random.pick([71, 200, 5000]))}`, valid],
      () => [`multipart/form-data; boundary=${boundary}; boundary=other`, valid],
      () => [`multipart/form-data; boundary="${boundary}`, valid],
      () => [`multipart/form-data; boundary=${boundary}`, Buffer.from(valid.toString('latin1').replace(/\r\n/g, '\n'), 'latin1')],
      () => [`multipart/form-data; boundary=${boundary}`, Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--${boundary}--\r\n`)])],
      () => [`multipart/form-data; boundary=${boundary}`, Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.png"\r\nContent-Type: image/png\r\n\r\n`)],
      () => [`multipart/form-data; boundary=${boundary}`, Buffer.concat(Array.from({ length: 2000 }, (_, i) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nx\r\n`))).subarray(0)],
      () => [`multipart/mixed; boundary=${boundary}`, valid],
      () => [`multipart/form-data; charset=utf-16; boundary=${boundary}`, valid],
      () => ['application/json', valid],
      () => ['application/octet-stream', TINY_PNG],
      () => ['image/png', TINY_PNG],
      () => [`multipart/form-data; boundary=${boundary}`, Buffer.from(JSON.stringify({ alt: 'json in multipart' }))],
    ])()
    return request(input, { ...target, target: target.path, role: uploaderRole(random), headers: [['Content-Type', contentType]], body })
  },
}

/** Uploads of images with extreme dimensions (few: each may take the server down). */
const dimensions: Generator = {
  name: 'uploads.dimensions',
  weight: 0.25,
  make: (input) => {
    const { random } = input
    const boundary = `----fuzz${random.hex(16)}`
    const body = multipartBody(boundary, [dimensionBomb(random)], validPayload())
    return request(input, { method: 'POST', target: '/api/media', role: uploaderRole(random), headers: [['Content-Type', `multipart/form-data; boundary=${boundary}`]], body })
  },
}

/** An upload announcing more than it sends (or more than the limit), as raw bytes. */
const declaredSize: Generator = {
  name: 'uploads.declared-size',
  weight: 1,
  make: (input) => {
    const { random, credentials } = input
    const boundary = `----fuzz${random.hex(16)}`
    const valid = multipartBody(boundary, [{ data: TINY_PNG, filename: 'tiny.png', type: 'image/png' }], validPayload())
    const declared = random.pick([10 * 1024 ** 3, 2 ** 53, 25 * 1024 * 1024, valid.length + 100])
    const after = random.pick(['end', 'hold'] as const)
    const head = [
      'POST /api/media HTTP/1.1',
      'Host: fuzz',
      `Authorization: JWT ${credentials.admin.token}`,
      `Content-Type: multipart/form-data; boundary=${boundary}`,
      `Content-Length: ${declared}`,
      'Connection: close',
      '',
      '',
    ].join('\r\n')
    return {
      role: 'admin',
      method: 'POST',
      target: '/api/media',
      headers: [],
      raw: { bytes: Buffer.concat([Buffer.from(head), valid]), after, note: after === 'end' ? 'then the client half-closes' : 'then the client waits, sending nothing more' },
      closeAllowed: after === 'end' ? 'the client ended the connection before the announced body' : 'the client stopped sending: the server may cut it off',
    }
  },
}

/** A body really over UPLOAD_MAX_BYTES (20 MB by default). */
const oversized: Generator = {
  name: 'uploads.oversized',
  weight: 0.15,
  make: (input) => {
    const { random } = input
    const boundary = `----fuzz${random.hex(16)}`
    const data = Buffer.concat([TINY_PNG, Buffer.alloc(21 * 1024 * 1024)])
    return request(input, { method: 'POST', target: '/api/media', role: uploaderRole(random), headers: [['Content-Type', `multipart/form-data; boundary=${boundary}`]], body: multipartBody(boundary, [{ data, filename: 'big.png', type: 'image/png' }], validPayload()) })
  },
}

export const uploadGenerators: Generator[] = [files, framing, dimensions, declaredSize, oversized]
