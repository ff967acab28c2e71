import { nestedDocsPlugin } from '@payloadcms/plugin-nested-docs'
import type { CollectionSlug } from 'payload'

type Crumb = { slug?: string | null; title?: string | null }

/**
 * Payload's nested-docs plugin (on pages): a `parent` and `breadcrumbs` (label and URL of each
 * ancestor). A child's URL is its parents' slugs and its own: /about/team. Pages store the last
 * one as `path` (collections/Pages).
 */
export const nestedPages = ({ collections }: { collections: string[] }) =>
  nestedDocsPlugin({
    collections: collections as CollectionSlug[],
    generateLabel: (_docs, doc) => String((doc as Crumb).title ?? ''),
    generateURL: (docs) => docs.map((doc) => `/${(doc as Crumb).slug ?? ''}`).join(''),
  })
