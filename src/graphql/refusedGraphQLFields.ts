import type { Payload } from 'payload'

/**
 * Root fields of Payload's GraphQL schema that Folio does not serve, each with the reason given
 * instead of the server error Payload would answer:
 * - `docAccess…` and `Access`: what the admin asks about permissions; Payload's GraphQL fails on
 *   globals, empty ids and some where-based rules, and REST answers them (`GET /api/access`,
 *   `GET /api/<collection>/access/<id>`);
 * - `verifyEmail…` where no collection verifies its accounts by email.
 */
export function refusedGraphQLFields(payload: Payload): (name: string) => string | undefined {
  const verifies = payload.config.collections.some((collection) => collection.auth && collection.auth.verify)
  return (name) => {
    if (name.startsWith('docAccess')) return 'not served over GraphQL; ask REST: GET /api/<collection>/access/<id>'
    if (name === 'Access') return 'not served over GraphQL; ask REST: GET /api/access'
    if (name.startsWith('verifyEmail') && !verifies) return 'accounts are not verified by email'
    return undefined
  }
}
