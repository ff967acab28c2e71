import type { CollectionBeforeChangeHook } from 'payload'

import type { Page } from '@payload-types'
import { pathOfPageChain } from '@/plugins/nestedPages'

import { HOME_PAGE_SLUG } from '../../content/describeDocuments'

/**
 * Stores the page's full path (/about/team, / for the home page), the last of the breadcrumbs the
 * nested-docs plugin has just computed, so frontends can look a page up by its URL.
 */
export const setPagePath: CollectionBeforeChangeHook<Page> = ({ data, originalDoc }) => {
  const breadcrumbs = data.breadcrumbs ?? originalDoc?.breadcrumbs
  const slug = data.slug ?? originalDoc?.slug
  // Computed on every save: a path sent by a client is never kept.
  return { ...data, path: breadcrumbs?.at(-1)?.url || (slug ? pathOfPageChain([slug], HOME_PAGE_SLUG) : null) }
}
