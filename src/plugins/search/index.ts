import { searchPlugin } from '@payloadcms/plugin-search'
import type { CollectionConfig, Config, Field } from 'payload'

import { SEARCH } from './constants'
import { withHooks } from '../addHooks'
import { isStaff } from '@/access/isStaff'
import type { DocumentDescriptions } from '@/lib/DocumentDescription'
import { nobody } from '@/access/nobody'
import { reindexSearch } from './endpoints/reindexSearch'
import { searchQuery } from './endpoints/searchQuery'
import { indexEveryLocale } from './hooks/indexEveryLocale'
import { prepareSearchDoc } from './hooks/prepareSearchDoc'
import { checkSearchIndexAtStart } from './lib/reconcileSearchIndex'

type Options = {
  /** Collections with drafts whose published documents are searchable: posts and pages. */
  collections: string[]
  /** What the content model says about their documents: the text and the path an entry keeps. */
  describe: DocumentDescriptions
}

/** Stored beside the plugin's `title` and `doc` by indexEveryLocale (by prepareSearchDoc without locales). */
const indexFields: Field[] = [
  { name: 'slug', type: 'text', localized: true, admin: { readOnly: true } },
  { name: 'path', type: 'text', localized: true, admin: { readOnly: true, position: 'sidebar' } },
  { name: 'publishedAt', type: 'date', index: true, admin: { readOnly: true, position: 'sidebar' } },
  { name: 'body', type: 'textarea', localized: true, admin: { readOnly: true } },
]

/** The plugin writes a `priority` into every entry; Folio's ranking does not use it, so editors do not see it. */
const hidePriority = (field: Field): Field =>
  'name' in field && field.name === 'priority' ? ({ ...field, admin: { ...field.admin, hidden: true } } as Field) : field

/**
 * Site search on Payload's search plugin. The plugin keeps one `search` entry per published post
 * and page (created on publish, updated on each publish, kept while a newer draft is edited,
 * removed on unpublish and delete); Folio adds the plain text, path and publication date to it and
 * serves `GET /api/search/query`. Entries are written by the plugin's hooks only: through the API
 * nobody creates, edits or deletes them, staff may read them, and admins rebuild them with
 * `POST /api/search/reindex` (the Reindex button in the admin).
 */
const PLUGIN_REINDEX_BUTTON = '@payloadcms/plugin-search/client#ReindexButton'

/** The search list's actions with the plugin's Reindex button behind Folio's admin-only wrapper (same server props). */
function adminOnlyReindex(admin: CollectionConfig['admin']): CollectionConfig['admin'] {
  const actions = admin?.components?.views?.list?.actions ?? []
  return {
    ...admin,
    components: {
      ...admin?.components,
      views: {
        ...admin?.components?.views,
        list: {
          ...admin?.components?.views?.list,
          actions: actions.map((action) =>
            typeof action === 'object' && action.path === PLUGIN_REINDEX_BUTTON ? { ...action, path: '/admin/components/AdminReindexButton' } : action,
          ),
        },
      },
    },
  }
}

export const search =
  ({ collections, describe }: Options) =>
  (config: Config): Config => {
    const withSearch = searchPlugin({
      collections,
      // With locales, indexEveryLocale writes every field of the entry right after the plugin's
      // sync; a beforeSync would only be overwritten, and the plugin first reads the whole document
      // for it (findByID at the default depth, populating every relation).
      beforeSync: config.localization ? undefined : prepareSearchDoc(describe),
      // The plugin's defaults, spelled out: only published content is ever indexed.
      syncDrafts: false,
      deleteDrafts: true,
      searchOverrides: {
        slug: SEARCH,
        labels: { singular: 'Search entry', plural: 'Search index' },
        access: { read: isStaff, create: nobody, update: nobody, delete: nobody },
        admin: {
          defaultColumns: ['title', 'path', 'publishedAt'],
          description:
            'One entry per published post and page, kept current when they are published, unpublished or deleted. ' +
            'The website searches it through /api/search/query. Reindex rebuilds it from the published content.',
        },
        fields: ({ defaultFields }) => [...defaultFields.map(hidePriority), ...indexFields],
      },
    })(config)

    return {
      ...withSearch,
      collections: (withSearch.collections ?? []).map((collection) => {
        // The plugin's own reindex handler is replaced (see reindexSearch), not kept beside Folio's,
        // and its Reindex button is offered to admins only.
        if (collection.slug === SEARCH) return { ...collection, endpoints: [searchQuery, reindexSearch(collections, describe)], admin: adminOnlyReindex(collection.admin) }
        // After the plugin's own sync, which writes the request's locale only.
        if (collections.includes(collection.slug)) return withHooks(collection, { afterChange: [indexEveryLocale(describe)] })
        return collection
      }),
      onInit: async (payload) => {
        await withSearch.onInit?.(payload)
        try {
          const started = Date.now()
          const reconciled = await checkSearchIndexAtStart(payload, collections, describe)
          const changed = reconciled !== 'clean' && Object.values(reconciled).some(({ indexed, removed }) => indexed + removed > 0)
          if (changed) payload.logger.info({ ...reconciled, ms: Date.now() - started }, 'search: index brought up to date with the published content')
        } catch (err) {
          payload.logger.error({ err }, 'search: could not check the index against the content; an admin can rebuild it with Reindex')
        }
      },
    }
  }
