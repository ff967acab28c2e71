import type { Random } from '../random'
import type { Bytes, FuzzCredentials, FuzzRequest, FuzzTargets, Generator, GeneratorInput, Role } from '../types'

export type Made = ReturnType<Generator['make']>

/** Every collection Folio serves over REST, plugins' and Payload's own included. */
export const COLLECTIONS = [
  'users',
  'media',
  'categories',
  'posts',
  'pages',
  'redirects',
  'search',
  'forms',
  'form-submissions',
  'webhooks',
  'webhook-events',
  'webhook-deliveries',
  'webhook-streams',
  'webhook-successors',
  'audit-log',
  'payload-kv',
  'payload-jobs',
  'payload-locked-documents',
  'payload-preferences',
  'payload-migrations',
] as const
export const CONTENT_COLLECTIONS = ['users', 'media', 'categories', 'posts', 'pages', 'redirects', 'forms', 'form-submissions'] as const
export const VERSIONED = ['posts', 'pages'] as const

/** A well-formed ObjectId that names no document. */
export const MISSING_ID = '0123456789abcdef01234567'
export const MALFORMED_IDS = ['not-an-id', '123', 'zzzzzzzzzzzzzzzzzzzzzzzz', '0', '-1', '%00', 'null', 'undefined', '[object Object]', `${MISSING_ID}0`, '..', '%2e%2e', 'a'.repeat(300)]

/** JSON text spliced into a body where a value stands: what JSON.stringify cannot write. */
export class RawJson {
  constructor(readonly text: string) {}
}

/**
 * Hostile values for any field. None of them contains what the leak check looks for (paths, error
 * names), so an echo of the input is never taken for a leak.
 */
export const HOSTILE_VALUES: unknown[] = [
  5,
  -1,
  0,
  1.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  false,
  null,
  '',
  ' ',
  'x',
  '\u0000',
  'a\u0000b',
  '\u202eevil',
  '😀'.repeat(50),
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  '{{email}}',
  '$where',
  '2026-13-45T99:99:99Z',
  'not-an-id',
  MISSING_ID,
  'x'.repeat(10_000),
  [],
  [1, 2],
  ['a'],
  [null],
  [{}],
  [[[]]],
  {},
  { a: 1 },
  { $gt: '' },
  { $ne: null },
  { equals: 'x' },
  { relationTo: 'posts', value: MISSING_ID },
  { root: null },
  new RawJson('{"__proto__":{"polluted":true}}'),
  { constructor: { prototype: { polluted: true } } },
]

export const RAW_JSON_VALUES = [
  new RawJson('1e5000'),
  new RawJson('-1e5000'),
  new RawJson('1e-5000'),
  new RawJson('123456789012345678901234567890'),
  new RawJson('"\\ud800"'),
  new RawJson('"\\udfff\\ud800"'),
  new RawJson('-0'),
  new RawJson(`${'['.repeat(10_000)}${']'.repeat(10_000)}`),
  new RawJson(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`),
  new RawJson(`${'['.repeat(200)}${']'.repeat(200)}`),
  new RawJson(`[${Array.from({ length: 20_000 }, (_, i) => i).join(',')}]`),
  new RawJson(`{${Array.from({ length: 5000 }, (_, i) => `"k${i}":${i}`).join(',')}}`),
]

/** JSON.stringify, with RawJson values spliced in as written. */
export function toJson(value: unknown): string {
  const raws: string[] = []
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof RawJson) {
      raws.push(item.text)
      return `\u0000raw${raws.length - 1}\u0000`
    }
    return item
  })
  return (text ?? 'null').replace(/"\\u0000raw(\d+)\\u0000"/g, (_match, index: string) => raws[Number(index)])
}

/** A copy of a value (RawJson kept as it is), so that a request never changes the shared pools. */
function copyValue(value: unknown): unknown {
  if (value instanceof RawJson || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(copyValue)
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyValue(item)]))
}

export const hostileValue = (random: Random): unknown => (random.chance(0.15) ? random.pick(RAW_JSON_VALUES) : copyValue(random.pick(HOSTILE_VALUES)))

/** Sets `value` at a dotted path (`layout.0.heading`), creating objects and arrays on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.')
  let node: Record<string, unknown> = target
  keys.slice(0, -1).forEach((key, index) => {
    const nextIsIndex = /^\d+$/.test(keys[index + 1])
    if (node[key] === null || typeof node[key] !== 'object') node[key] = nextIsIndex ? [] : {}
    node = node[key] as Record<string, unknown>
  })
  node[keys[keys.length - 1]] = value
}

export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

/** `Authorization` for a role; none for anonymous. */
export function authHeaders(role: Role, credentials: FuzzCredentials, targets: FuzzTargets): [string, Bytes][] {
  switch (role) {
    case 'anonymous':
      return []
    case 'apiKey':
      return [['Authorization', `users API-Key ${credentials.apiKey}`]]
    case 'victim':
      return [['Authorization', `JWT ${targets.victim.token}`]]
    default:
      return [['Authorization', `JWT ${credentials[role].token}`]]
  }
}

export const STAFF_ROLES: Role[] = ['admin', 'editor', 'author', 'apiKey']

/** Anonymous and each role, authors (whose hooks differ) and admins most often. */
export function pickRole(random: Random): Role {
  return random.weighted<Role>([
    [3, 'anonymous'],
    [3, 'admin'],
    [2, 'editor'],
    [3, 'author'],
    [1, 'apiKey'],
  ])
}

/**
 * A query string from pairs. Keys keep their brackets as written (as `curl -g` sends them);
 * values are percent-encoded unless `raw` is set.
 */
export function queryString(pairs: [string, string][], raw = false): string {
  if (pairs.length === 0) return ''
  const encodeKey = (key: string) => key.replace(/[^\w.[\]$~-]/g, (char) => encodeURIComponent(char))
  return `?${pairs.map(([key, value]) => `${encodeKey(key)}=${raw ? value : encodeURIComponent(value)}`).join('&')}`
}

export type RequestParts = {
  method: string
  target: Bytes
  role: Role
  headers?: [string, Bytes][]
  body?: Buffer | string
  shouldRefuse?: boolean
  closeAllowed?: string
  omitLength?: boolean
}

/** A request as `role`, with its credentials first among the headers. */
export function request(input: GeneratorInput, parts: RequestParts): Made {
  const { credentials, targets } = input
  const body = typeof parts.body === 'string' ? Buffer.from(parts.body, 'utf8') : parts.body
  return {
    role: parts.role,
    method: parts.method,
    target: parts.target,
    headers: [...authHeaders(parts.role, credentials, targets), ...(parts.headers ?? [])],
    body,
    shouldRefuse: parts.shouldRefuse,
    closeAllowed: parts.closeAllowed,
    omitLength: parts.omitLength,
  } satisfies Omit<FuzzRequest, 'category' | 'generator'>
}

/** A JSON request as `role`; `body` is serialised with `toJson` unless it is already text. */
export function jsonRequest(input: GeneratorInput, method: string, target: string, role: Role, body: unknown, extra: Partial<RequestParts> = {}): Made {
  return request(input, {
    method,
    target,
    role,
    headers: [['Content-Type', 'application/json'], ...(extra.headers ?? [])],
    body: typeof body === 'string' || Buffer.isBuffer(body) ? body : toJson(body),
    shouldRefuse: extra.shouldRefuse,
  })
}

/** An id of `collection` to address: mostly real, sometimes disposable, missing or malformed. */
export function pickId(input: GeneratorInput, collection: string, options: { real?: number; disposable?: number } = {}): string {
  const { random, targets } = input
  const real = targets.ids[collection] ?? []
  const disposable = targets.disposable[collection] ?? []
  return random.weighted<() => string>([
    [real.length ? (options.real ?? 6) : 0, () => random.pick(real)],
    [disposable.length ? (options.disposable ?? 1) : 0, () => random.pick(disposable)],
    [1, () => MISSING_ID],
    [1.5, () => random.pick(MALFORMED_IDS)],
  ])()
}

/** Any real id of any collection, for relationships that point to the wrong collection. */
export function anyRealId(input: GeneratorInput): string {
  const all = Object.values(input.targets.ids).flat()
  return all.length ? input.random.pick(all) : MISSING_ID
}

/** Query parameters Payload reads on lists, valid and not. */
export function listParams(random: Random, fields: string[]): [string, string][] {
  const pairs: [string, string][] = []
  const field = () => random.pick([...fields, 'id', 'createdAt', 'updatedAt', 'unknownField'])
  const options: (() => void)[] = [
    () => pairs.push(['depth', random.pick(['0', '1', '2', '5', '6', '-1', '1.5', 'x', '', '99999999999'])]),
    () => pairs.push(['limit', random.pick(['1', '10', '500', '501', '0', '-5', 'x', '1e3', ''])]),
    () => pairs.push(['page', random.pick(['1', '2', '1000', '0', '-1', 'x', '1.5', '1e400'])]),
    () => pairs.push(['sort', random.pick([field(), `-${field()}`, `${field()},-${field()}`, '', '-', '--title', 'meta.title', 'categories.title', 'authors.name'])]),
    () => pairs.push([`select[${field()}]`, random.pick(['true', 'false', '1', 'x', ''])]),
    () => pairs.push([`populate[${random.pick(['categories', 'media', 'users', 'pages', 'posts', 'x'])}][${field()}]`, random.pick(['true', 'false', 'x'])]),
    () => pairs.push(['locale', random.pick(['en', 'all', 'xx', '', '*', '../x'])]),
    () => pairs.push(['fallback-locale', random.pick(['none', 'en', 'null', ''])]),
    () => pairs.push(['draft', random.pick(['true', 'false', '1', 'yes', ''])]),
    () => pairs.push(['pagination', random.pick(['false', 'true', '0', 'x'])]),
    () => pairs.push(['trash', random.pick(['true', 'false', 'x'])]),
    () => pairs.push([`where[${field()}][${random.pick(['equals', 'exists', 'like', 'in', 'greater_than'])}]`, random.pick(['x', 'true', '1', ''])]),
    () => pairs.push([`joins[${field()}][limit]`, random.pick(['1', 'x'])]),
    () => pairs.push(['select', random.pick(['title', '{"title":true}', ''])]),
    () => pairs.push(['depth', '1'], ['depth', '2']),
    () => pairs.push(['q', 'x']),
  ]
  for (const option of random.sample(options, random.int(0, 4))) option()
  return pairs
}
