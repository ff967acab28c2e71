import type { Access, Payload } from 'payload'

type Operation = { security?: Record<string, string[]>[]; [key: string]: unknown }
type Spec = { paths?: Record<string, Record<string, unknown>>; components?: { securitySchemes?: Record<string, unknown> } }

const SIGNED_IN: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }, { cookie: [] }]
const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options'])

/** Whether an anonymous visitor may read some of a collection (everything, or what a condition allows). */
async function anonymousMayRead(payload: Payload, read: Access | undefined): Promise<boolean> {
  if (!read) return false
  const result = await read({ req: { user: null, payload } } as Parameters<Access>[0])
  return result !== false
}

/**
 * The ways Folio accepts a user, in place of payload-oapi's OAuth password flow (whose token route
 * Folio does not serve): a JWT from POST /api/users/login (`Authorization: JWT <token>` or
 * `Bearer <token>`), an API key (`Authorization: users API-Key <key>`), or the `payload-token`
 * cookie the admin uses. Operations that anonymous visitors may call (reading published content,
 * Folio's public routes) say so with an empty requirement.
 */
export async function describeAuthentication(payload: Payload, spec: Spec): Promise<void> {
  const apiRoute = payload.config.routes.api
  const usersSlug = payload.config.admin.user
  spec.components = {
    ...spec.components,
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: `The token from POST ${apiRoute}/${usersSlug}/login. Payload also reads it as \`Authorization: JWT <token>\`.` },
      apiKey: { type: 'apiKey', in: 'header', name: 'Authorization', description: `An integration's key, enabled on its user in the admin: \`${usersSlug} API-Key <key>\`.` },
      cookie: { type: 'apiKey', in: 'cookie', name: `${payload.config.cookiePrefix || 'payload'}-token`, description: 'The cookie a browser gets from signing in (same-site requests and trusted origins only).' },
    },
  }
  const publicReads = new Set<string>()
  for (const { config } of Object.values(payload.collections)) {
    if (await anonymousMayRead(payload, config.access.read)) publicReads.add(`${apiRoute}/${config.slug}`)
  }
  for (const global of payload.config.globals) {
    if (await anonymousMayRead(payload, global.access.read)) publicReads.add(`${apiRoute}/globals/${global.slug}`)
  }
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    const base = path.replace(/\/\{id\}$/, '')
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method) || !operation || typeof operation !== 'object') continue
      const op = operation as Operation
      const isPublic = (op.security?.length === 0) || (method === 'get' && publicReads.has(base))
      op.security = isPublic ? [{}, ...SIGNED_IN] : SIGNED_IN
    }
  }
}
