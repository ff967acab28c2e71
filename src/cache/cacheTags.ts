/**
 * What a cached response depends on. A response that listed or counted a collection depends on
 * all of it; one that read documents by id depends on those documents only (and on the
 * collection's "some document" tag, which writes whose ids are unknown invalidate).
 */
export const listTag = (collection: string) => `list:${collection}`
export const docTag = (collection: string, id: string) => `doc:${collection}:${id}`
export const anyDocTag = (collection: string) => `docs:${collection}`
export const globalTag = (slug: string) => `global:${slug}`
