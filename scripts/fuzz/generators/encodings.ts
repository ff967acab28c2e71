import zlib from 'node:zlib'

import type { Random } from '../random'
import type { Generator, GeneratorInput, Role } from '../types'
import { SCHEMAS } from './schema'
import { pickId, pickRole, request, toJson } from './shared'

/** Where bodies go: writes of each kind, sign-in, GraphQL, Folio's own endpoints. */
function bodyTarget(input: GeneratorInput): { method: string; path: string; role: Role; fields: Record<string, unknown> } {
  const { random, targets } = input
  const role = (fallback: Role) => random.weighted<Role>([[3, fallback], [1, pickRole(random)]])
  return random.pick<() => { method: string; path: string; role: Role; fields: Record<string, unknown> }>([
    () => ({ method: 'POST', path: '/api/posts', role: role('author'), fields: { title: `Encoded ${random.hex(4)}` } }),
    () => ({ method: 'PATCH', path: `/api/posts/${pickId(input, 'posts')}`, role: role('author'), fields: { excerpt: 'Encoded excerpt' } }),
    () => ({ method: 'POST', path: '/api/categories', role: role('editor'), fields: { title: `Encoded ${random.hex(4)}` } }),
    () => ({ method: 'POST', path: '/api/pages', role: role('admin'), fields: { title: `Encoded ${random.hex(4)}` } }),
    () => ({ method: 'POST', path: '/api/users/login', role: 'anonymous', fields: { email: targets.victim.email, password: 'wrong' } }),
    () => ({ method: 'POST', path: '/api/users/forgot-password', role: 'anonymous', fields: { email: 'nobody@folio.test' } }),
    () => ({ method: 'POST', path: '/api/graphql', role: role('anonymous'), fields: { query: '{ Posts { totalDocs } }' } }),
    () => ({ method: 'POST', path: '/api/form-submissions', role: role('anonymous'), fields: SCHEMAS['form-submissions'].valid(random, targets) }),
    () => ({ method: 'POST', path: '/api/globals/site-settings', role: role('admin'), fields: { tagline: 'Encoded tagline' } }),
    () => ({ method: 'POST', path: `/api/posts/${pickId(input, 'posts')}/schedule`, role: role('admin'), fields: { action: 'publish', at: '2030-01-01T00:00:00Z' } }),
    () => ({ method: 'POST', path: '/api/redirects', role: role('editor'), fields: SCHEMAS.redirects.valid(random, targets) }),
    () => ({ method: 'POST', path: `/api/webhooks/${pickId(input, 'webhooks')}/resend-failed`, role: role('admin'), fields: { since: '2026-01-01T00:00:00Z' } }),
  ])()
}

const INVALID_PATHS = [
  '/api/posts/%E0%A4%A',
  '/api/posts/%',
  '/api/posts/%zz',
  '/api/%',
  '/api/posts/%C0%AF',
  '/api/posts/%ED%A0%80',
  '/api/posts/%FF%FE',
  '/api/posts/%00',
  '/api/posts%00',
  '/api/post%73',
  '/api/posts%2F0123456789abcdef01234567',
  '/api/posts/..%2f..%2fusers',
  '/api/posts/%252e%252e',
  '/api/%2e%2e/healthz',
  '/api/globals/site-settings%',
  '/api/search/query%3Fq=x',
  '/api/media/file/%E0%A4%A',
  '/api/media/file/%',
  '/api/forms/%/token',
  '/api/posts/%/schedule',
  '/api/redirects/lookup/%',
  '/api//posts',
  '/api/posts/',
  '/api/./posts',
  '/api/posts/.',
  '/api/posts;x=1',
  '/api/posts#frag',
  '/API/POSTS',
  '/api/graphql/%',
  `/api/${'%41'.repeat(3000)}`,
  `/api/posts/${'a/'.repeat(2000)}`,
]

const INVALID_QUERIES = [
  '?where[title][equals]=%',
  '?where[title][equals]=%E0%A4%A',
  '?where[title][equals]=%FF',
  '?where[title][equals]=%00',
  '?where[title%5D[equals]=x',
  '?where%5Btitle%5D%5Bequals%5D=x',
  '?%=x',
  '?%zz=1',
  '?=',
  '?&&&',
  '?depth=%31',
  '?depth=%00',
  '?limit=1%00',
  '?q=%',
  '?q=%E0%A4%A',
  '?path=%',
  '?sort=%',
  '?select[%]=true',
  '?where[title][equals]=a+b%20c',
  '?where[[[title]]]=x',
  '?where]title[=x',
  '?where[title][equals]=x&where=%7B%7D',
  '?where[title][like]=%25%25%25',
]

/** Paths and queries with broken or odd percent-encoding. */
const urls: Generator = {
  name: 'encodings.url',
  weight: 3,
  make: (input) => {
    const { random } = input
    const path = random.weighted([[2, random.pick(INVALID_PATHS)], [3, random.pick(['/api/posts', '/api/pages', '/api/categories', '/api/search/query', '/api/redirects/lookup', '/api/users', '/api/posts/count'])]])
    const query = random.chance(0.7) || !path.includes('%') ? random.pick(INVALID_QUERIES) : ''
    return request(input, { method: random.weighted([[8, 'GET'], [1, 'HEAD'], [1, 'DELETE']]), target: `${path}${query}`, role: pickRole(random) })
  },
}

/** Bytes that are not ASCII in the request line: invalid HTTP, which may be refused by closing. */
const rawBytes: Generator = {
  name: 'encodings.raw-bytes',
  weight: 1,
  make: (input) => {
    const { random } = input
    const bytes = random.pick([[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0x80], [0xf0, 0x9f, 0x98, 0x80]])
    const target = random.pick([
      Buffer.concat([Buffer.from('/api/posts/'), Buffer.from(bytes)]),
      Buffer.concat([Buffer.from('/api/posts?where[title][equals]='), Buffer.from(bytes)]),
      Buffer.concat([Buffer.from('/api/search/query?q='), Buffer.from(bytes)]),
      Buffer.concat([Buffer.from('/api/'), Buffer.from(bytes), Buffer.from('/x')]),
    ])
    return { ...request(input, { method: 'GET', target, role: pickRole(random) }), closeAllowed: 'bytes outside ASCII in the request-target are invalid HTTP (RFC 9112 section 3.2)' }
  },
}

/** Query strings over every sensible size, and thousands of parameters. */
const longQueries: Generator = {
  name: 'encodings.long-query',
  weight: 1,
  make: (input) => {
    const { random } = input
    const target = random.pick([
      () => `/api/posts?where[title][equals]=${'a'.repeat(random.pick([4000, 8000, 15_000, 20_000, 100_000]))}`,
      () => `/api/posts?${Array.from({ length: random.pick([1000, 3000, 10_000]) }, (_, i) => `p${i}=1`).join('&')}`,
      () => `/api/posts?${Array.from({ length: 1500 }, (_, i) => `where[or][${i}][title][equals]=x`).join('&')}`,
      () => `/api/search/query?q=${'ab '.repeat(3000)}`,
      () => `/api/posts?sort=${'title,'.repeat(2000)}title`,
      () => `/api/posts?depth=${'1'.repeat(5000)}`,
    ])()
    return request(input, { method: 'GET', target, role: pickRole(random) })
  },
}

const CONTENT_TYPES = [
  'text/plain',
  'text/plain; charset=utf-8',
  'application/xml',
  'text/xml',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=nonsense',
  'application/json;;;',
  'application/json; boundary=x',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  'application/ld+json',
  'application/json, text/plain',
  'application/jsonx',
  '*/*',
  '',
  'json',
  `application/json; ${'x=y; '.repeat(500)}`,
  'application/csp-report',
  'application/octet-stream',
]

/** A JSON body (or something else) under the wrong or odd Content-Type. */
const contentTypes: Generator = {
  name: 'encodings.content-type',
  weight: 3,
  make: (input) => {
    const { random } = input
    const target = bodyTarget(input)
    const contentType = random.pick(CONTENT_TYPES)
    const json = JSON.stringify(target.fields)
    const body = random.pick<() => Buffer>([
      () => Buffer.from(json),
      () => Buffer.from(json),
      () => Buffer.from(`<?xml version="1.0"?><doc>${Object.entries(target.fields).map(([key, value]) => `<${key}>${String(value)}</${key}>`).join('')}</doc>`),
      () => Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><x>&b;</x>'),
      () => Buffer.from(new URLSearchParams(Object.entries(target.fields).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)])).toString()),
      () => Buffer.from(`\ufeff${json}`, 'utf16le'),
      () => Buffer.from(json, 'latin1'),
      () => Buffer.from(json.replace('"', '"\u00e9\u00ff'), 'latin1'),
    ])()
    const headers: [string, string][] = [['Content-Type', contentType]]
    if (random.chance(0.1)) headers.push(['Content-Type', 'application/json'])
    if (contentType === '' && random.chance(0.5)) headers.length = 0
    return request(input, { method: target.method, target: target.path, role: target.role, headers, body, shouldRefuse: !/json/i.test(contentType) })
  },
}

const bombs = new Map<number, Buffer>()
/** `megabytes` of spaces, gzipped to a few hundred KB at most; built once per size. */
function gzipBomb(megabytes: number): Buffer {
  let bomb = bombs.get(megabytes)
  if (!bomb) {
    bomb = zlib.gzipSync(Buffer.alloc(megabytes * 1024 * 1024, 0x20), { level: 9 })
    bombs.set(megabytes, bomb)
  }
  return bomb
}

/** Content-Encoding: garbage under gzip, real gzip, encodings nobody supports. */
const contentEncodings: Generator = {
  name: 'encodings.content-encoding',
  weight: 2,
  make: (input) => {
    const { random } = input
    const target = bodyTarget(input)
    const json = Buffer.from(JSON.stringify(target.fields))
    const [encoding, body] = random.pick<() => [string, Buffer]>([
      () => ['gzip', Buffer.from('this is not gzip')],
      () => ['gzip', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xff])],
      () => ['gzip', zlib.gzipSync(json)],
      () => ['gzip', zlib.gzipSync(json).subarray(0, 15)],
      () => ['gzip', gzipBomb(random.pick([1, 20, 100]))],
      () => ['deflate', Buffer.from('not deflate')],
      () => ['deflate', zlib.deflateSync(json)],
      () => ['br', Buffer.from('not brotli')],
      () => ['br', zlib.brotliCompressSync(json)],
      () => ['gzip, gzip', zlib.gzipSync(zlib.gzipSync(json))],
      () => ['x-fuzz', json],
      () => ['identity', json],
      () => ['GZIP', Buffer.from('garbage')],
      () => ['compress', json],
      () => ['gzip', Buffer.alloc(0)],
    ])()
    return request(input, { method: target.method, target: target.path, role: target.role, headers: [['Content-Type', 'application/json'], ['Content-Encoding', encoding]], body })
  },
}

const depthBomb = (random: Random, levels: number) => (random.chance(0.5) ? `${'['.repeat(levels)}${']'.repeat(levels)}` : `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`)

/** JSON that parses strangely or not at all: deep, huge numbers, duplicate keys, BOMs, bad UTF-8. */
const jsonShapes: Generator = {
  name: 'encodings.json',
  weight: 4,
  make: (input) => {
    const { random } = input
    const target = bodyTarget(input)
    const json = JSON.stringify(target.fields)
    const inner = json.slice(1, -1)
    const [key] = Object.keys(target.fields)
    let recipe: string | undefined
    const body = random.pick<() => Buffer>([
      () => Buffer.from(depthBomb(random, random.pick([1000, 10_000, 100_000]))),
      () => {
        const levels = random.pick([1000, 10_000])
        recipe = `JSON.stringify(${JSON.stringify(target.fields)}).replace(/}$/, ',"nested":' + ${JSON.stringify('[')}.repeat(${levels}) + ${JSON.stringify(']')}.repeat(${levels}) + '}')`
        return Buffer.from(`{${inner},"nested":${'['.repeat(levels)}${']'.repeat(levels)}}`)
      },
      () => Buffer.from(`{${inner},"${key}":${random.pick(['1e5000', '-1e5000', '1e-5000', '123456789012345678901234567890', '-0', '0x10', 'NaN', 'Infinity', '01', '.5', '1.', '+1'])}}`),
      () => Buffer.from(`{${inner},${inner}}`),
      () => Buffer.from(`{"${key}":1,${inner}}`),
      () => Buffer.from(`\ufeff${json}`),
      () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), Buffer.from(json)]),
      () => Buffer.from(`${json}garbage`),
      () => Buffer.from(`${json}${json}`),
      () => Buffer.from(''),
      () => Buffer.from('   \n\t '),
      () => Buffer.from(random.pick(['null', 'true', '5', '"x"', '[]', '[{}]', '{}'])),
      () => Buffer.from(json.replace(/"([^"]*)"$/, '"\\ud800"')),
      () => Buffer.concat([Buffer.from(json.slice(0, -2)), Buffer.from([0xff, 0xfe, 0xc0, 0xaf]), Buffer.from(json.slice(-2))]),
      () => Buffer.from(json.replace('"', '"\u0000')),
      () => Buffer.concat([Buffer.from(json.slice(0, 3)), Buffer.from([0]), Buffer.from(json.slice(3))]),
      () => Buffer.from(`{${inner}, // comment\n}`),
      () => Buffer.from(json.replace(/"/g, "'")),
      () => Buffer.from(`{${inner},"__proto__":{"role":"admin","polluted":true}}`),
      () => Buffer.from(`{${inner},"constructor":{"prototype":{"polluted":true}}}`),
      () => {
        recipe = `JSON.stringify({ ...${JSON.stringify(target.fields)}, padding: 'x'.repeat(3 * 1024 * 1024) })`
        return Buffer.from(toJson({ ...target.fields, padding: 'x'.repeat(3 * 1024 * 1024) }))
      },
      () => Buffer.from(toJson({ ...target.fields, ...Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i])) })),
      () => Buffer.from(json.slice(0, random.int(1, json.length - 1))),
    ])()
    return { ...request(input, { method: target.method, target: target.path, role: target.role, headers: [['Content-Type', 'application/json']], body }), bodyRecipe: recipe }
  },
}

export const encodingGenerators: Generator[] = [urls, rawBytes, longQueries, contentTypes, contentEncodings, jsonShapes]
