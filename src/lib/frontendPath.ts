import { PAGES, POSTS } from '../../collections/slugs'

type Routable = { slug?: string | null; path?: string | null }

/** The slug of the page served at the site's root. */
export const HOME_PAGE_SLUG = 'home'

/**
 * Where the website shows a document: posts at /posts/<slug>, pages at their full path
 * (/about/team), the home page at /. Undefined for a document without a slug yet.
 */
export function frontendPath(collection: string, doc: Routable): string | undefined {
  if (!doc.slug) return undefined
  if (collection === POSTS) return `/posts/${doc.slug}`
  if (collection === PAGES) {
    if (doc.slug === HOME_PAGE_SLUG && (!doc.path || doc.path === `/${HOME_PAGE_SLUG}`)) return '/'
    return doc.path || `/${doc.slug}`
  }
  return undefined
}
