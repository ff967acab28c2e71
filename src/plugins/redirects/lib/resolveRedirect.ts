import type { PayloadRequest } from 'payload'

import type { DocumentDescriptions } from '@/lib/DocumentDescription'
import { REDIRECTS } from '../constants'
import { normalizeRedirectPath } from './normalizeRedirectPath'

/** A chain of redirects is followed this far, so clients get one hop. */
const MAX_HOPS = 5

export type ResolvedRedirect = { from: string; to: string; status: 301 | 302 }

type Target = { relationTo: string; value: string | Record<string, unknown> }
type Redirect = { from: string; type?: '301' | '302' | null; to?: { type?: 'reference' | 'custom'; reference?: Target | null; url?: string | null } }

/** Where one stored redirect leads: a published document's place on the website, or its custom URL. */
function destinationOf(redirect: Redirect, describe: DocumentDescriptions): string | undefined {
  const to = redirect.to
  if (to?.type === 'custom') return to.url || undefined
  const reference = to?.reference
  // A relation the anonymous reader cannot see (a draft) stays an id.
  if (!reference || typeof reference.value !== 'object') return undefined
  return describe[reference.relationTo]?.path(reference.value)
}

async function findRedirect(req: PayloadRequest, from: string): Promise<Redirect | undefined> {
  const { docs } = await req.payload.find({
    collection: REDIRECTS,
    where: { from: { equals: from } },
    depth: 1,
    limit: 1,
    overrideAccess: false,
    req,
  })
  return docs[0] as unknown as Redirect | undefined
}

/**
 * The redirect for a path, as an anonymous visitor gets it: the exact path (with its query)
 * first, then the path alone. Chains are followed up to MAX_HOPS; the status is the first
 * hop's. Undefined when no redirect applies or its target is not published.
 */
export async function resolveRedirect(req: PayloadRequest, rawPath: string, describe: DocumentDescriptions): Promise<ResolvedRedirect | undefined> {
  const path = normalizeRedirectPath(rawPath)
  if (!path) return undefined
  const withoutQuery = path.split('?')[0]
  const first = (await findRedirect(req, path)) ?? (withoutQuery !== path ? await findRedirect(req, withoutQuery) : undefined)
  if (!first) return undefined
  let destination = destinationOf(first, describe)
  if (!destination) return undefined
  const seen = new Set([first.from, destination])
  for (let hop = 1; hop < MAX_HOPS && destination.startsWith('/'); hop++) {
    const next = await findRedirect(req, normalizeRedirectPath(destination) ?? destination)
    const nextDestination = next && destinationOf(next, describe)
    if (!nextDestination || seen.has(nextDestination)) break
    seen.add(nextDestination)
    destination = nextDestination
  }
  return { from: first.from, to: destination, status: first.type === '302' ? 302 : 301 }
}
