import { parseArgs, type ParseArgsConfig } from 'node:util'

import { connectConfiguredDatabase, type LocalDatabase } from '../db/localDatabase'
import { FolioStartupError } from '../errors/FolioStartupError'
import { readSettings, type Settings } from '../settings'
import { BackupError } from './BackupError'

type Context = {
  uri: string
  settings: Settings
  values: Record<string, string | boolean | undefined>
  positionals: string[]
  passphrase?: string
  /** Whether the database is the local one, started here (Folio stopped, so nothing writes meanwhile). */
  isLocal: boolean
}

class UsageError extends Error {}

/** The passphrase from the variable `--passphrase-env` names, or FOLIO_BACKUP_PASSPHRASE. */
function readPassphrase(variable: string | undefined): string | undefined {
  if (variable) {
    const value = process.env[variable]
    if (!value) throw new UsageError(`--passphrase-env names ${variable}, which is not set or empty`)
    return value
  }
  return process.env.FOLIO_BACKUP_PASSPHRASE || undefined
}

/**
 * What `npm run backup` and `npm run restore` share: their arguments, the database (MONGODB_URI, or
 * the local database started for the occasion, as `npm run migrate` does), and one-line refusals with
 * exit code 1 instead of stack traces.
 */
export async function runBackupCommand(options: ParseArgsConfig['options'], run: (context: Context) => Promise<void>): Promise<never> {
  let localDatabase: LocalDatabase | undefined
  let code = 0
  try {
    const { values, positionals } = parseArgs({ options: { ...options, 'passphrase-env': { type: 'string' } }, allowPositionals: true })
    const passphrase = readPassphrase(values['passphrase-env'])
    const settings = readSettings()
    // The local database keeps its file locked while it runs: Folio must be stopped, and then nothing writes.
    const database = await connectConfiguredDatabase(settings, (line) => console.error(line))
    localDatabase = database.local
    const uri = database.uri
    await run({ uri, settings, values, positionals, passphrase, isLocal: Boolean(localDatabase) })
  } catch (error) {
    code = 1
    if (error instanceof BackupError || error instanceof FolioStartupError || error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error((error as Error).message)
    } else {
      console.error(error)
    }
  } finally {
    await localDatabase?.stop()
  }
  process.exit(code)
}

export { UsageError }
