import path from 'node:path'

import type { BackupResult } from '@/backup'

/** The list's fields for a finished backup: its archive, size, counts and time taken. */
export function backupRecord({ file, bytes, durationMs, manifest }: BackupResult) {
  const collectionCounts = Object.fromEntries(manifest.collections.map(({ name, count }) => [name, count]))
  return {
    fileName: path.basename(file),
    directory: path.dirname(file),
    status: 'succeeded' as const,
    bytes,
    durationMs,
    encrypted: manifest.encrypted,
    documents: manifest.collections.reduce((sum, collection) => sum + collection.count, 0),
    mediaFiles: manifest.media.files,
    collectionCounts,
  }
}
