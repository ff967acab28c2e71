import type { Generator } from '../types'
import { pickId, pickRole, request, toJson, hostileValue } from './shared'

const METHODS = ['HEAD', 'OPTIONS', 'PATCH', 'PUT', 'DELETE', 'POST', 'GET', 'TRACE', 'PROPFIND', 'MKCOL', 'LOCK', 'SEARCH', 'QUERY', 'PURGE', 'LINK', 'get', 'Get', 'FUZZ', 'M-SEARCH', 'REPORT']

/** Methods on paths that do not expect them, and the method-override headers. */
const oddMethods: Generator = {
  name: 'methods.odd',
  weight: 4,
  make: (input) => {
    const { random } = input
    const paths = [
      '/',
      '/api',
      '/api/',
      '/api/posts/',
      '/api/posts/count',
      '/api/posts/versions',
      '/api/graphql',
      '/api/graphql-playground',
      '/healthz',
      '/readyz',
      '/admin',
      '/api/globals',
      '/api/globals/site-settings',
      '/api/globals/site-settings/versions',
      '/api/users/login',
      '/api/users/me',
      '/api/users/logout',
      '/api/users/first-register',
      '/api/access',
      '/api/media/file/x.png',
      '/api/search/query?q=folio',
      '/api/search/reindex',
      '/api/redirects/follow?path=/careers',
      '/api/redirects/lookup?path=/careers',
      `/api/forms/${pickId(input, 'forms')}/token`,
      `/api/posts/${pickId(input, 'posts')}`,
      `/api/posts/${pickId(input, 'posts')}/schedule`,
      `/api/pages/${pickId(input, 'pages')}/duplicate`,
      `/api/webhooks/${pickId(input, 'webhooks')}/summary`,
      '/api/payload-jobs/run',
      '/api/nothing-here',
      '/api/posts/versions/x',
      '*',
      '/.env',
      '/favicon.ico',
    ]
    const method = random.pick(METHODS)
    const path = random.pick(paths)
    // Only OPTIONS and TRACE are sent to the asterisk form; other methods with "*" are malformed.
    const closeAllowed = path === '*' && method !== 'OPTIONS' ? 'the asterisk-form request-target is only valid for OPTIONS (RFC 9112 section 3.2.4)' : undefined
    const headers: [string, string][] = []
    if (random.chance(0.3)) headers.push(['Content-Type', 'application/json'])
    if (random.chance(0.15)) headers.push([random.pick(['X-HTTP-Method-Override', 'X-Payload-HTTP-Method-Override', 'X-Method-Override']), random.pick(['GET', 'DELETE', 'PATCH', 'FUZZ', ''])])
    if (random.chance(0.15)) headers.push(['Access-Control-Request-Method', random.pick(['DELETE', 'FUZZ'])], ['Origin', random.pick(['https://evil.example', 'null'])])
    const body = random.chance(0.3) ? toJson(random.chance(0.5) ? { title: 'x' } : hostileValue(random)) : undefined
    return { ...request(input, { method, target: path, role: pickRole(random), headers, body }), closeAllowed }
  },
}

/** Payload's method override: a POST answered as a GET, with the query in the body. */
const methodOverride: Generator = {
  name: 'methods.override',
  weight: 1,
  make: (input) => {
    const { random } = input
    const collection = random.pick(['posts', 'pages', 'users', 'categories', 'media'])
    const body = random.pick([
      'where[title][equals]=x',
      'where[title][within]=1,2',
      'depth=99',
      'limit=100000',
      'where=notjson',
      'where[title][equals][$gt]=',
      'sort[]=a&sort[]=b',
      '%',
      'a'.repeat(50_000),
    ])
    return request(input, {
      method: 'POST',
      target: `/api/${collection}`,
      role: pickRole(random),
      headers: [
        ['X-Payload-HTTP-Method-Override', 'GET'],
        ['Content-Type', random.pick(['application/x-www-form-urlencoded', 'application/json', 'text/plain'])],
      ],
      body,
    })
  },
}

export const methodGenerators: Generator[] = [oddMethods, methodOverride]
