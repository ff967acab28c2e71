import { nestedDocsPlugin } from '@payloadcms/plugin-nested-docs'
import type { CollectionSlug } from 'payload'

type Crumb = { slug?: string | null; title?: string | null }

type Options = {
  collections: string[]
  /** The slug of the root page served at `/` (its children live at /<child>, not /<home>/<child>). */
  homeSlug?: string
}

/** A page's URL from its ancestors' slugs and its own: /about/team, or / for the home page. */
export function pathOfPageChain(slugs: string[], homeSlug?: string): string {
  const parts = homeSlug !== undefined && slugs[0] === homeSlug ? slugs.slice(1) : slugs
  return `/${parts.join('/')}`
}

/**
 * Payload's nested-docs plugin (on pages): a `parent` and `breadcrumbs` (label and URL of each
 * ancestor). A child's URL is its parents' slugs and its own: /about/team. Pages store the last
 * one as `path` (collections/Pages).
 */
export const nestedPages = ({ collections, homeSlug }: Options) =>
  nestedDocsPlugin({
    collections: collections as CollectionSlug[],
    generateLabel: (_docs, doc) => String((doc as Crumb).title ?? ''),
    generateURL: (docs) => pathOfPageChain(docs.map((doc) => (doc as Crumb).slug ?? ''), homeSlug),
  })
