import { notFound, permanentRedirect } from 'next/navigation'

import type { Found, Lookup } from './content'

type SearchParams = Record<string, string | string[] | undefined>

/** The query string of a page's search parameters, `?` included; '' for none. */
export function queryOf(searchParams: SearchParams = {}): string {
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(searchParams)) for (const each of [value ?? []].flat()) query.append(name, each)
  const text = query.toString()
  return text ? `?${text}` : ''
}

/**
 * What a page shows for an address: the document found, the 404 page, or a permanent redirect
 * (308) to the document's own address in the page's language, with the query as it was.
 */
export function shown<T>(lookup: Lookup<T>, searchParams?: SearchParams): Found<T> {
  if (!lookup) notFound()
  if (!('doc' in lookup)) permanentRedirect(`${lookup.movedTo}${queryOf(searchParams)}`)
  return lookup
}

/** The document for generateMetadata, which says nothing for a 404 or a redirect. */
export const foundDocument = <T>(lookup: Lookup<T>): Found<T> | undefined => (lookup && 'doc' in lookup ? lookup : undefined)
