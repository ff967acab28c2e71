import path from 'node:path'

/** Where a collection's documents are in the archive. */
export const collectionEntry = (name: string) => `collections/${name}.ejson`

/** Where an uploaded file is in the archive, from its path relative to the media folder. */
export const mediaEntry = (relative: string) => `media/${relative.split(path.sep).join('/')}`

export const MEDIA_PREFIX = 'media/'

/**
 * A media entry's path inside the media folder, or undefined when the name could leave it (an absolute
 * path, `..`, a backslash): an archive is data from elsewhere and must not write outside its target.
 */
export function mediaPathOf(entryName: string): string | undefined {
  if (!entryName.startsWith(MEDIA_PREFIX)) return undefined
  const relative = entryName.slice(MEDIA_PREFIX.length)
  const parts = relative.split('/')
  if (!relative || relative.includes('\\') || relative.includes('\0') || parts.some((part) => part === '' || part === '.' || part === '..')) return undefined
  return parts.join(path.sep)
}
