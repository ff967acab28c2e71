import type { CollectionBeforeChangeHook } from 'payload'

/** Stamps `publishedAt` the first time a document is published, unless an editor set it. */
export const setPublishedAt: CollectionBeforeChangeHook = ({ data, originalDoc }) => {
  if (data._status === 'published' && !data.publishedAt && !originalDoc?.publishedAt) {
    return { ...data, publishedAt: new Date().toISOString() }
  }
  return data
}
