import { compareVersions } from '../lib/compareVersions'
import { FOLIO_VERSION } from '../lib/folioVersion'
import { migrations } from '../migrations'
import { BackupError } from './BackupError'
import type { BackupManifest } from './BackupManifest'

/**
 * Refuses an archive this Folio would restore wrongly: one written by a newer Folio, or from a
 * database a newer Folio migrated (a migration this code does not have). Older archives are fine:
 * the migrations they lack run at the next start.
 */
export function assertRestorable(manifest: BackupManifest, known: { folioVersion: string; migrations: string[] } = { folioVersion: FOLIO_VERSION, migrations: migrations.map(({ name }) => name) }): void {
  if (compareVersions(manifest.folioVersion, known.folioVersion) > 0) {
    throw new BackupError('newer-folio', `This archive was written by Folio ${manifest.folioVersion}, newer than this Folio (${known.folioVersion}): nothing was restored; restore it with Folio ${manifest.folioVersion} or later`)
  }
  const unknown = (manifest.migrations ?? []).filter((name) => !known.migrations.includes(name))
  if (unknown.length) {
    throw new BackupError('newer-folio', `This archive's database was migrated by a newer Folio (${unknown.join(', ')} unknown here): nothing was restored; restore it with the Folio that wrote it (${manifest.folioVersion}) or later`)
  }
}
