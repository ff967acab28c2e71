import { createHmac } from 'node:crypto'

import type { Random } from '../random'
import type { Bytes, Generator, GeneratorInput, Role } from '../types'
import { anyReadPath } from './rest'
import { MISSING_ID, RawJson, hostileValue, jsonRequest, request, toJson } from './shared'

const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')

/** JWTs that must all be refused: unsigned, forged, expired-looking, malformed. */
function forgedToken(random: Random, real: string): string {
  const [header, payload] = real.split('.')
  const claims = { id: MISSING_ID, collection: 'users', email: 'admin@folio.test', role: 'admin', exp: 4_000_000_000 }
  return random.pick([
    `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`,
    `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}.${createHmac('sha256', 'secret').update('x').digest('base64url')}`,
    `${header}.${payload}.${'A'.repeat(43)}`,
    `${header}.${b64url({ ...claims, exp: 1 })}.x`,
    `${header}.${payload}`,
    `${header}..`,
    '...',
    'x',
    '',
    `${real}x`,
    `${real} ${real}`,
    real.toUpperCase(),
    `${b64url({ alg: 'HS256', kid: '../../dev/null' })}.${b64url(claims)}.x`,
    `${b64url({ alg: 'RS256' })}.${b64url(claims)}.x`,
    `${b64url('not json')}.${b64url('not json')}.x`,
    `${b64url({ alg: 'HS256' })}.${b64url({ id: { $ne: null }, collection: 'users' })}.x`,
    `${b64url({ alg: 'HS256' })}.${b64url({ id: MISSING_ID, collection: 'nope' })}.x`,
    'a'.repeat(random.pick([5000, 20_000])),
  ])
}

/** An `Authorization` header in one of the spellings a client might send, right or wrong. */
function authorizationVariant(input: GeneratorInput): { headers: [string, Bytes][]; role: Role } {
  const { random, credentials } = input
  const token = random.pick([credentials.admin.token, credentials.editor.token, credentials.author.token])
  const key = credentials.apiKey
  const role: Role = 'anonymous'
  const value = random.pick([
    `JWT ${token}`,
    `Bearer ${token}`,
    `jwt ${token}`,
    `bearer ${token}`,
    `JWT  ${token}`,
    `JWT\t${token}`,
    ` JWT ${token} `,
    `JWT ${forgedToken(random, token)}`,
    `Bearer ${forgedToken(random, token)}`,
    'JWT',
    'JWT ',
    'Bearer',
    `Basic ${Buffer.from('admin@folio.test:folio-demo-2026').toString('base64')}`,
    `users API-Key ${key}`,
    `Users API-Key ${key}`,
    `users api-key ${key}`,
    `users  API-Key ${key}`,
    `API-Key ${key}`,
    `users API-Key ${key}x`,
    `users API-Key ${key.toUpperCase()}`,
    'users API-Key ',
    `posts API-Key ${key}`,
    `users API-Key ${'k'.repeat(5000)}`,
    `users API-Key {"$ne":null}`,
    `JWT ${token}, users API-Key ${key}`,
  ])
  const headers: [string, Bytes][] = random.weighted<() => [string, Bytes][]>([
    [8, () => [['Authorization', value]]],
    [1, () => [['Authorization', value], ['Authorization', `JWT ${forgedToken(random, token)}`]]],
    [1, () => [['authorization', value]]],
    [1, () => [['Authorization', Buffer.from(`JWT ${token}\u00ff\u00fe`, 'latin1')]]],
  ])()
  return { headers, role }
}

/** The payload-token cookie in the spellings browsers and attackers send. */
function cookieVariant(input: GeneratorInput): [string, Bytes][] {
  const { random, credentials, targets } = input
  const token = random.pick([credentials.admin.token, credentials.author.token, targets.victim.token])
  const cookie = random.pick([
    `payload-token=${token}`,
    `payload-token =${token}`,
    ` payload-token= ${token}`,
    `Payload-Token=${token}`,
    `PAYLOAD-TOKEN=${token}`,
    `payload-token="${token}"`,
    `payload-token=${token}; payload-token=garbage`,
    `payload-token=garbage; payload-token=${token}`,
    `other=1; payload-token=${token}; x=y`,
    `payload-token=${forgedToken(random, token)}`,
    'payload-token=',
    'payload-token',
    `payload-token=${encodeURIComponent(token)}`,
    `payload%2Dtoken=${token}`,
    `payload-token=${token};;;`,
    `${'a=b; '.repeat(500)}payload-token=${token}`,
  ])
  const origin = random.weighted<string | null>([
    [4, null],
    [3, targets.origin],
    [1, 'https://evil.example'],
    [1, 'null'],
  ])
  const headers: [string, Bytes][] = [['Cookie', cookie]]
  if (random.chance(0.2)) headers.push(['Cookie', `payload-token=${token}`])
  if (origin) headers.push(['Origin', origin])
  return headers
}

/** Reads and writes sent with odd Authorization headers and cookies. */
const credentialsVariants: Generator = {
  name: 'auth.credentials',
  weight: 4,
  make: (input) => {
    const { random } = input
    const headers = random.chance(0.6) ? authorizationVariant(input).headers : cookieVariant(input)
    const path = random.pick([anyReadPath(input), '/api/users/me', '/api/posts?draft=true', '/api/posts?where[_status][equals]=draft', '/api/access', '/api/graphql?query=%7B%20meUser%20%7B%20user%20%7B%20email%20%7D%20%7D%20%7D'])
    if (random.chance(0.25)) {
      return { ...jsonRequest(input, 'POST', '/api/categories', 'anonymous', { title: `Written with odd credentials ${random.hex(4)}` }), headers: [...headers, ['Content-Type', 'application/json']] }
    }
    return request(input, { method: 'GET', target: path, role: 'anonymous', headers })
  },
}

const ODD_EMAILS: unknown[] = [
  'nobody@folio.test',
  'NOBODY@FOLIO.TEST',
  ' nobody@folio.test ',
  'not-an-email',
  '',
  'a@b',
  `${'a'.repeat(5000)}@folio.test`,
  'nobody@folio.test\u0000admin@folio.test',
  'nobody@folio.test\r\nBcc: x@evil.example',
  { $ne: null },
  { $gt: '' },
  ['nobody@folio.test'],
  5,
  true,
  null,
  'ü@exämple.test',
]
const ODD_PASSWORDS: unknown[] = ['x', '', 'p'.repeat(100_000), { $ne: null }, ['x'], 5, null, true, '\u0000', '😀']

/** Bodies of login, forgot-password, reset, unlock, refresh and first-register that are off. */
const endpoints: Generator = {
  name: 'auth.endpoints',
  weight: 5,
  make: (input) => {
    const { random, targets, credentials } = input
    // Only the throw-away account's email is ever sent with a wrong password: the accounts the run signs in as must not lock.
    const email = random.weighted<unknown>([[5, random.pick(ODD_EMAILS)], [2, targets.victim.email], [1, hostileValue(random)]])
    const password = random.weighted<unknown>([[4, random.pick(ODD_PASSWORDS)], [1, hostileValue(random)]])
    const roleFor = () => random.weighted<Role>([[4, 'anonymous'], [1, 'admin'], [1, 'author'], [1, 'victim']])
    return random.pick([
      () => jsonRequest(input, 'POST', '/api/users/login', roleFor(), { email, password }),
      () => jsonRequest(input, 'POST', '/api/users/login', roleFor(), random.pick<unknown>([{}, { email }, { password }, { email, password, extra: 1 }, { username: 'x', password: 'y' }, [], 'x', null])),
      () => jsonRequest(input, 'POST', '/api/users/login?depth=5', roleFor(), { email: targets.victim.email, password: targets.victim.password }),
      () => jsonRequest(input, 'POST', '/api/users/forgot-password', roleFor(), random.chance(0.8) ? { email } : hostileValue(random)),
      () => jsonRequest(input, 'POST', '/api/users/reset-password', roleFor(), { token: random.pick<unknown>(['x', '', 'a'.repeat(40), { $ne: null }, 5, null]), password: random.pick(ODD_PASSWORDS) }),
      () => jsonRequest(input, 'POST', '/api/users/unlock', random.weighted<Role>([[2, 'admin'], [1, 'anonymous'], [1, 'author']]), random.chance(0.8) ? { email } : hostileValue(random)),
      () => request(input, { method: 'POST', target: '/api/users/refresh-token', role: random.weighted<Role>([[2, 'victim'], [1, 'anonymous']]), headers: random.chance(0.3) ? [['Content-Type', 'application/json']] : [], body: random.chance(0.3) ? toJson(hostileValue(random)) : undefined }),
      () => request(input, { method: 'POST', target: '/api/users/logout', role: random.weighted<Role>([[2, 'victim'], [1, 'anonymous']]), headers: random.chance(0.3) ? [['Content-Type', 'application/json']] : [], body: random.chance(0.3) ? toJson({ allSessions: hostileValue(random) }) : undefined }),
      () => request(input, { method: random.pick(['GET', 'POST']), target: '/api/users/me', role: random.pick<Role>(['anonymous', 'admin', 'author', 'apiKey', 'victim']) }),
      () => jsonRequest(input, 'POST', '/api/users/first-register', 'anonymous', { email: `fuzz-${random.hex(6)}@folio.test`, password: random.pick(ODD_PASSWORDS), name: hostileValue(random) }),
      () => request(input, { method: 'POST', target: `/api/users/verify/${random.pick(['x', '', 'a'.repeat(64), '%00', MISSING_ID])}`, role: 'anonymous' }),
      () => jsonRequest(input, 'POST', `/api/users/${encodeURIComponent(random.pick([credentials.editor.id, MISSING_ID, 'x']))}/api-key/reveal`, random.pick<Role>(['admin', 'editor', 'author', 'anonymous']), {}),
      () => jsonRequest(input, 'POST', '/api/users/login', 'anonymous', toJson({ email: new RawJson('1e5000'), password: new RawJson(`${'['.repeat(5000)}${']'.repeat(5000)}`) })),
    ])()
  },
}

export const authGenerators: Generator[] = [credentialsVariants, endpoints]
