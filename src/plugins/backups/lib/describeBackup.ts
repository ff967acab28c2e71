import type { BackupResult } from '@/backup'

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`

/** One line for the audit log: the archive's size and what it holds. */
export function describeBackup({ bytes, manifest }: BackupResult, removed: string[]): string {
  const documents = manifest.collections.reduce((sum, collection) => sum + collection.count, 0)
  const media = manifest.media.included ? `${manifest.media.files} uploaded files` : `no uploaded files (${manifest.media.reason})`
  const parts = [`${megabytes(bytes)}`, `${documents} documents in ${manifest.collections.length} collections`, media, manifest.encrypted ? 'encrypted' : 'not encrypted']
  if (removed.length) parts.push(`older archives deleted: ${removed.join(', ')}`)
  return parts.join('; ')
}
