import type { Generator, GeneratorInput } from '../types'
import { SCHEMAS } from './schema'
import {
  COLLECTIONS,
  CONTENT_COLLECTIONS,
  MALFORMED_IDS,
  MISSING_ID,
  VERSIONED,
  hostileValue,
  jsonRequest,
  listParams,
  pickId,
  pickRole,
  queryString,
  request,
} from './shared'

const queryable = (collection: string) => SCHEMAS[collection]?.queryable ?? ['title', 'name']

const ODD_TEXT = ['', ' ', 'a', 'drafts versions', 'x'.repeat(5000), '.*', '(', '[', '\\', '$', '^(a+)+$', '%', '"', "'", '<mark>', '😀', 'ü', 'a b c d e f g h i j k l m n o p', Array.from({ length: 500 }, (_, i) => `w${i}`).join(' ')]

/** Lists of any collection with Payload's query parameters, valid and not. */
const list: Generator = {
  name: 'rest.list',
  weight: 4,
  make: (input) => {
    const { random } = input
    const collection = random.pick(COLLECTIONS)
    const suffix = random.weighted([
      [6, ''],
      [1, '/count'],
    ])
    return request(input, { method: 'GET', target: `/api/${collection}${suffix}${queryString(listParams(random, queryable(collection)))}`, role: pickRole(random) })
  },
}

const byId: Generator = {
  name: 'rest.by-id',
  weight: 4,
  make: (input) => {
    const { random } = input
    const collection = random.pick(COLLECTIONS)
    const id = pickId(input, collection)
    const params = listParams(random, queryable(collection)).filter(([key]) => !key.startsWith('where'))
    return request(input, { method: 'GET', target: `/api/${collection}/${encodeURIComponent(id)}${queryString(params)}`, role: pickRole(random) })
  },
}

const versions: Generator = {
  name: 'rest.versions',
  weight: 2,
  make: (input) => {
    const { random, targets } = input
    const collection = random.pick(VERSIONED)
    const versionIds = collection === 'posts' ? targets.postVersionIds : targets.pageVersionIds
    const versionId = random.chance(0.7) && versionIds.length ? random.pick(versionIds) : random.pick([MISSING_ID, ...MALFORMED_IDS])
    const role = pickRole(random)
    return random.pick([
      () => request(input, { method: 'GET', target: `/api/${collection}/versions${queryString(listParams(random, ['parent', 'version.title', 'version._status', 'latest', 'autosave', ...queryable(collection).map((field) => `version.${field}`)]))}`, role }),
      () => request(input, { method: 'GET', target: `/api/${collection}/versions/${encodeURIComponent(versionId)}${queryString(listParams(random, []).filter(([key]) => !key.startsWith('where')))}`, role }),
      () => jsonRequest(input, 'POST', `/api/${collection}/versions/${encodeURIComponent(versionId)}${random.chance(0.3) ? '?draft=true' : ''}`, role, random.chance(0.5) ? {} : hostileValue(random)),
      () => request(input, { method: 'GET', target: `/api/globals/site-settings/versions${queryString(listParams(random, ['version.siteName']))}`, role }),
    ])()
  },
}

const globals: Generator = {
  name: 'rest.globals',
  weight: 2,
  make: (input) => {
    const { random } = input
    const slug = random.weighted([
      [6, 'site-settings'],
      [1, 'nothing-here'],
      [1, 'site-settings%00'],
      [1, '..%2fusers'],
    ])
    const role = pickRole(random)
    return random.pick([
      () => request(input, { method: 'GET', target: `/api/globals/${slug}${queryString(listParams(random, ['siteName', 'navigation']).filter(([key]) => !key.startsWith('where')))}`, role }),
      () => request(input, { method: 'GET', target: `/api/globals/${slug}/versions/${random.pick([MISSING_ID, 'x'])}`, role }),
      () => jsonRequest(input, 'POST', `/api/globals/${slug}/access`, role, random.chance(0.5) ? {} : hostileValue(random)),
      () => request(input, { method: 'GET', target: '/api/globals', role }),
    ])()
  },
}

const access: Generator = {
  name: 'rest.access',
  make: (input) => {
    const { random } = input
    const collection = random.pick(COLLECTIONS)
    const role = pickRole(random)
    return random.pick([
      () => request(input, { method: 'GET', target: '/api/access', role }),
      () => jsonRequest(input, 'POST', `/api/${collection}/access/${encodeURIComponent(pickId(input, collection))}`, role, random.chance(0.5) ? {} : { title: hostileValue(random) }),
      () => jsonRequest(input, 'POST', `/api/${collection}/access`, role, hostileValue(random)),
    ])()
  },
}

const duplicate: Generator = {
  name: 'rest.duplicate',
  make: (input) => {
    const { random } = input
    const collection = random.pick(CONTENT_COLLECTIONS)
    return jsonRequest(input, 'POST', `/api/${collection}/${encodeURIComponent(pickId(input, collection))}/duplicate`, pickRole(random), random.chance(0.6) ? {} : hostileValue(random))
  },
}

const search: Generator = {
  name: 'rest.search',
  weight: 2,
  make: (input) => {
    const { random } = input
    const pairs: [string, string][] = []
    if (random.chance(0.9)) pairs.push([random.weighted([[8, 'q'], [1, 'q[]'], [1, 'q[$gt]']]), random.pick(ODD_TEXT)])
    if (random.chance(0.2)) pairs.push(['q', random.pick(ODD_TEXT)])
    if (random.chance(0.5)) pairs.push(['limit', random.pick(['1', '10', '50', '500', '0', '-1', 'x', '1e9', ''])])
    if (random.chance(0.5)) pairs.push(['page', random.pick(['1', '2', '99999', '0', '-1', 'x', '1.5'])])
    return request(input, { method: random.weighted([[9, 'GET'], [1, 'POST']]), target: `/api/search/query${queryString(pairs)}`, role: pickRole(random) })
  },
}

const REDIRECT_PATHS = ['/careers', '/blog/hello-world', '/', '', '//evil.example', 'https://evil.example/x', '/a/../b', '/%2e%2e/x', 'javascript:alert(1)', '/x?y=1', '/x#frag', '/😀', 'x'.repeat(4000), '/\u0000', ' /careers ', '/CAREERS', '/fuzz/redirect']

const redirectLookups: Generator = {
  name: 'rest.redirects',
  weight: 2,
  make: (input) => {
    const { random } = input
    const endpoint = random.pick(['lookup', 'follow'])
    const pairs: [string, string][] = []
    if (random.chance(0.9)) pairs.push([random.weighted([[8, 'path'], [1, 'path[]'], [1, 'path[x]']]), random.pick(REDIRECT_PATHS)])
    if (random.chance(0.15)) pairs.push(['path', random.pick(REDIRECT_PATHS)])
    return request(input, { method: random.weighted([[9, 'GET'], [1, 'HEAD']]), target: `/api/redirects/${endpoint}${queryString(pairs)}`, role: pickRole(random) })
  },
}

const formToken: Generator = {
  name: 'rest.form-token',
  make: (input) => {
    const { random, targets } = input
    const id = random.chance(0.6) ? targets.formId : pickId(input, random.pick(['forms', 'posts']))
    return request(input, { method: random.weighted([[8, 'GET'], [1, 'POST'], [1, 'DELETE']]), target: `/api/forms/${encodeURIComponent(id)}/token`, role: pickRole(random) })
  },
}

const schedules: Generator = {
  name: 'rest.schedules',
  weight: 2,
  make: (input) => {
    const { random, targets } = input
    const collection = random.pick(VERSIONED)
    const id = pickId(input, collection)
    const role = pickRole(random)
    const at = random.pick(['2030-01-31T09:00:00Z', '2020-01-01T00:00:00Z', '2999-01-01T00:00:00Z', 'tomorrow', '', '2030-02-30T25:00:00Z', '9'.repeat(30)])
    const body = random.weighted<unknown>([
      [3, { action: random.pick(['publish', 'unpublish', 'delete', '', 'PUBLISH']), at }],
      [2, { action: hostileValue(random), at: hostileValue(random) }],
      [1, { action: 'publish', at, extra: 1 }],
      [1, hostileValue(random)],
    ])
    const jobId = targets.scheduleJobIds.length && random.chance(0.5) ? random.pick(targets.scheduleJobIds) : random.pick([MISSING_ID, 'x', '1'])
    return random.pick([
      () => request(input, { method: 'GET', target: `/api/${collection}/${encodeURIComponent(id)}/schedule`, role }),
      () => jsonRequest(input, 'POST', `/api/${collection}/${encodeURIComponent(id)}/schedule`, role, body),
      () => request(input, { method: 'DELETE', target: `/api/${collection}/${encodeURIComponent(id)}/schedule/${encodeURIComponent(jobId)}`, role }),
    ])()
  },
}

const webhooks: Generator = {
  name: 'rest.webhooks',
  weight: 2,
  make: (input) => {
    const { random, targets } = input
    const webhookId = pickId(input, 'webhooks')
    const deliveryId = targets.webhookDeliveryIds.length && random.chance(0.6) ? random.pick(targets.webhookDeliveryIds) : random.pick([MISSING_ID, ...MALFORMED_IDS])
    const role = random.weighted([[2, 'admin' as const], [1, pickRole(random)]])
    const since = random.pick<unknown>(['2026-11-20T00:00:00Z', '', 'yesterday', 5, null, [], {}, '1970-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z'])
    return random.pick([
      () => jsonRequest(input, 'POST', `/api/webhook-deliveries/${encodeURIComponent(deliveryId)}/resend`, role, random.chance(0.7) ? {} : hostileValue(random)),
      () => jsonRequest(input, 'POST', `/api/webhooks/${encodeURIComponent(webhookId)}/resend-failed`, role, random.chance(0.7) ? { since } : hostileValue(random)),
      () => request(input, { method: 'GET', target: `/api/webhooks/${encodeURIComponent(webhookId)}/summary${random.chance(0.3) ? '?days=x' : ''}`, role }),
      () => request(input, { method: 'POST', target: `/api/webhooks/${encodeURIComponent(webhookId)}/${random.pick(['secret', 'rotate-secret', 'test'])}`, role }),
      () => request(input, { method: random.pick(['GET', 'DELETE']), target: `/api/webhooks/${encodeURIComponent(webhookId)}/secret`, role }),
    ])()
  },
}

const reindex: Generator = {
  name: 'rest.reindex',
  make: (input) => {
    const { random } = input
    const role = random.weighted([[1, 'admin' as const], [2, pickRole(random)]])
    return random.chance(0.5)
      ? request(input, { method: random.weighted([[6, 'POST'], [1, 'GET'], [1, 'PUT']]), target: '/api/search/reindex', role })
      : jsonRequest(input, 'POST', `/api/search/reindex${random.chance(0.3) ? '?collections=x' : ''}`, role, random.chance(0.5) ? { collections: hostileValue(random) } : hostileValue(random))
  },
}

const FILE_NAMES = ['missing.png', 'x', '..%2f..%2fpackage.json', '%2e%2e%2f%2e%2e%2f.env', '..%5c..%5cpackage.json', '%00.png', 'a%00b.png', `${'a'.repeat(300)}.png`, '.', '%2e', '😀.png', 'x.png%20', '', 'x.png?x=1']

const mediaFile: Generator = {
  name: 'rest.media-file',
  weight: 2,
  make: (input) => {
    const { random, targets } = input
    const name = targets.mediaFilenames.length && random.chance(0.35) ? encodeURIComponent(random.pick(targets.mediaFilenames)) : random.pick(FILE_NAMES)
    const method = random.weighted([[8, 'GET'], [1, 'HEAD']])
    const headers: [string, string][] = []
    if (random.chance(0.2)) headers.push(['Range', random.pick(['bytes=0-10', 'bytes=999999999-', 'bytes=5-1', 'bytes=x', 'bytes=0-1,2-3,4-5'])])
    if (random.chance(0.1)) headers.push(['If-None-Match', random.pick(['"x"', '*', 'W/"y"'])])
    return request(input, { method, target: `/api/media/file/${name}`, role: pickRole(random), headers })
  },
}

const internals: Generator = {
  name: 'rest.internal-collections',
  weight: 2,
  make: (input) => {
    const { random } = input
    const target = random.pick([
      '/api/payload-migrations',
      '/api/payload-kv',
      '/api/payload-jobs',
      '/api/payload-locked-documents',
      '/api/payload-preferences',
      `/api/payload-preferences/${random.pick(['nav', 'x', 'collection-posts', '%00', '..'])}`,
      '/api/webhook-events',
      '/api/webhook-streams',
      '/api/webhook-successors',
      '/api/audit-log',
      `/api/payload-jobs/run${random.pick(['', '?queue=default', '?limit=x', '?queue[]=a', '?allQueues=true', '?limit=100000'])}`,
      '/api/payload-jobs/handle-schedules',
      '/api/graphql-playground',
      '/api/users/init',
      `/api/users/${encodeURIComponent(pickId(input, 'users'))}/api-key/reveal`,
    ])
    const method = target.includes('/run') || target.includes('handle-schedules') ? random.pick(['GET', 'POST']) : target.includes('reveal') ? 'POST' : random.weighted([[6, 'GET'], [1, 'POST'], [1, 'DELETE']])
    if (method === 'GET') return request(input, { method, target, role: pickRole(random) })
    return jsonRequest(input, method, target, pickRole(random), random.chance(0.5) ? { value: hostileValue(random) } : hostileValue(random))
  },
}

/** Deletes only documents made to be deleted, or ids that name none. */
const deletes: Generator = {
  name: 'rest.delete',
  weight: 2,
  make: (input) => {
    const { random, targets } = input
    const collection = random.pick([...CONTENT_COLLECTIONS, 'webhooks', 'audit-log', 'search', 'payload-jobs'])
    const role = pickRole(random)
    const disposable = targets.disposable[collection] ?? []
    const id = disposable.length && random.chance(0.4) ? random.pick(disposable) : random.pick([MISSING_ID, ...MALFORMED_IDS])
    if (random.chance(0.7)) return request(input, { method: 'DELETE', target: `/api/${collection}/${encodeURIComponent(id)}`, role })
    // A bulk delete, restricted to the same ids whatever else its where says.
    const where = `where[and][0][id][in]=${encodeURIComponent(id)}&where[and][1][${random.pick([...queryable(collection), 'id'])}][${random.pick(['exists', 'equals', 'not_equals', 'like', 'in'])}]=${random.pick(['true', 'x', '', '1,2'])}`
    return request(input, { method: 'DELETE', target: `/api/${collection}?${where}`, role })
  },
}

export const restGenerators: Generator[] = [list, byId, versions, globals, access, duplicate, search, redirectLookups, formToken, schedules, webhooks, reindex, mediaFile, internals, deletes]

/** Used by other families: a path of a random REST read. */
export function anyReadPath(input: GeneratorInput): string {
  const { random } = input
  const collection = random.pick(COLLECTIONS)
  return random.pick([`/api/${collection}`, `/api/${collection}/${pickId(input, collection)}`, '/api/globals/site-settings', '/api/search/query?q=folio', '/api/users/me'])
}
