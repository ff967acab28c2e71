import { createHash } from 'node:crypto'

import type { createKeyCache } from './archiveEncryption'
import { mediaPathOf } from './archiveLayout'
import { BackupError } from './BackupError'
import { MANIFEST_ENTRY, type BackupEntry, type BackupManifest } from './BackupManifest'
import { readArchive } from './readArchive'

const MAX_MANIFEST_BYTES = 64 * 1024 * 1024

type VerifyOptions = {
  passphrase?: string
  keyCache?: ReturnType<typeof createKeyCache>
  /** Called with the bytes of each entry as they are checked, for progress. */
  onBytes?: (bytes: number, entryDone: boolean) => void
}

function corrupt(detail: string): BackupError {
  return new BackupError('corrupt', `The archive is corrupt: ${detail}`)
}

function checkManifestShape(value: unknown): BackupManifest {
  const manifest = value as Partial<BackupManifest> | null
  if (!manifest || manifest.format !== 'folio-backup') throw corrupt('its manifest is not a Folio backup manifest')
  if (manifest.formatVersion !== 1) {
    throw new BackupError('unsupported-format', `This archive's format (version ${String(manifest.formatVersion)}) is newer than this Folio understands`)
  }
  if (!Array.isArray(manifest.entries) || !Array.isArray(manifest.collections)) throw corrupt('its manifest lists no entries')
  return manifest as BackupManifest
}

/**
 * Reads the whole archive once and checks it against its manifest: every entry's size and SHA-256, no
 * entry missing, none unlisted, none twice, the manifest last, no media path leaving the media folder.
 * Returns the manifest; nothing is written anywhere.
 */
export async function verifyArchive(file: string, { passphrase, keyCache, onBytes }: VerifyOptions = {}): Promise<BackupManifest> {
  const seen = new Map<string, BackupEntry>()
  let manifest: BackupManifest | undefined
  await readArchive(
    file,
    async ({ name, stream }) => {
      if (manifest) throw corrupt(`an entry (${name}) follows its manifest`)
      if (name === MANIFEST_ENTRY) {
        const chunks: Buffer[] = []
        let size = 0
        for await (const chunk of stream) {
          size += chunk.length
          if (size > MAX_MANIFEST_BYTES) throw corrupt('its manifest is too large')
          chunks.push(chunk)
        }
        try {
          manifest = checkManifestShape(JSON.parse(Buffer.concat(chunks).toString('utf8')))
        } catch (error) {
          throw error instanceof BackupError ? error : corrupt('its manifest is not valid JSON')
        }
        return
      }
      if (seen.has(name)) throw corrupt(`${name} appears twice`)
      if (!name.startsWith('collections/') && !mediaPathOf(name)) throw corrupt(`it holds an unexpected entry (${name})`)
      const hash = createHash('sha256')
      let size = 0
      for await (const chunk of stream) {
        hash.update(chunk)
        size += chunk.length
        onBytes?.(chunk.length, false)
      }
      onBytes?.(0, true)
      seen.set(name, { name, size, sha256: hash.digest('hex') })
    },
    { passphrase, keyCache },
  )
  if (!manifest) throw new BackupError('truncated', 'The archive is truncated: it has no manifest')
  const listed = new Set<string>()
  for (const expected of manifest.entries) {
    const found = seen.get(expected.name)
    if (!found) throw corrupt(`${expected.name} is missing`)
    if (found.size !== expected.size || found.sha256 !== expected.sha256) throw corrupt(`${expected.name} does not match its checksum`)
    listed.add(expected.name)
  }
  for (const name of seen.keys()) if (!listed.has(name)) throw corrupt(`${name} is not in its manifest`)
  for (const collection of manifest.collections) {
    if (!listed.has(collection.entry)) throw corrupt(`the documents of ${collection.name} are missing`)
  }
  return manifest
}
