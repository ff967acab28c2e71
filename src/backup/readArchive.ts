import fs from 'node:fs'
import { finished } from 'node:stream/promises'
import type { Readable, Transform } from 'node:stream'
import { createGunzip } from 'node:zlib'

import tar from 'tar-stream'

import { createDecryptingStream, isEncryptedArchive, type createKeyCache } from './archiveEncryption'
import { BackupError } from './BackupError'

export type ArchiveEntry = { name: string; size: number; stream: AsyncIterable<Buffer> }

type ReadOptions = {
  passphrase?: string
  keyCache?: ReturnType<typeof createKeyCache>
}

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b])

/** Whether the file is encrypted, plain, or not an archive at all; from its first bytes. */
function detectKind(file: string): 'encrypted' | 'plain' {
  let handle: number
  try {
    handle = fs.openSync(file, 'r')
  } catch (error) {
    throw new BackupError('not-an-archive', `Cannot read ${file}: ${(error as Error).message}`)
  }
  const head = Buffer.alloc(8)
  const read = fs.readSync(handle, head, 0, head.length, 0)
  fs.closeSync(handle)
  if (read === 0) throw new BackupError('truncated', 'The archive is truncated: the file is empty')
  if (isEncryptedArchive(head.subarray(0, read)) && read === head.length) return 'encrypted'
  if (head.subarray(0, 2).equals(GZIP_MAGIC)) return 'plain'
  throw new BackupError('not-an-archive', `${file} is not a Folio backup (neither a .tar.gz nor an encrypted archive)`)
}

/** The one-line refusal for what zlib, tar or the decryption said about a damaged archive. */
function classify(error: unknown): Error {
  if (error instanceof BackupError) return error
  const { message = '', code } = error as { message?: string; code?: string }
  if (code === 'Z_BUF_ERROR' || /unexpected end/i.test(message)) return new BackupError('truncated', 'The archive is truncated (or damaged): its data ends early')
  if (code?.startsWith('Z_') || /tar header|invalid/i.test(message)) return new BackupError('corrupt', `The archive is corrupt: ${message}`)
  return error as Error
}

/**
 * Reads the archive's entries in order, decrypting and decompressing as it goes; `onEntry` must consume
 * each entry's stream before it returns. Fails with a BackupError when the archive is damaged anywhere,
 * the gzip trailer (its CRC and length) and the last encrypted frame included.
 */
export async function readArchive(file: string, onEntry: (entry: ArchiveEntry) => Promise<void>, { passphrase, keyCache }: ReadOptions = {}): Promise<void> {
  const kind = detectKind(file)
  if (kind === 'encrypted' && !passphrase) {
    throw new BackupError('passphrase-required', 'The archive is encrypted: give its passphrase in FOLIO_BACKUP_PASSPHRASE or the variable named by --passphrase-env')
  }
  const chain: (Readable | Transform)[] = [fs.createReadStream(file, { highWaterMark: 256 * 1024 })]
  if (kind === 'encrypted') chain.push(createDecryptingStream(passphrase!, keyCache))
  chain.push(createGunzip())
  const extract = tar.extract()
  let failure: Error | undefined
  const fail = (error: unknown) => {
    failure ??= classify(error)
    extract.destroy(failure)
  }
  for (let i = 0; i < chain.length; i++) {
    chain[i].on('error', fail)
    if (i > 0) chain[i - 1].pipe(chain[i] as Transform)
  }
  chain[chain.length - 1].pipe(extract)

  try {
    for await (const entry of extract) {
      await onEntry({ name: entry.header.name, size: entry.header.size, stream: entry as AsyncIterable<Buffer> })
    }
    // tar may be satisfied before gunzip has checked the trailer, or the decryption the final frame.
    await Promise.all(chain.map((stream) => finished(stream)))
  } catch (error) {
    for (const stream of chain) stream.destroy()
    throw failure ?? classify(error)
  }
  if (failure) throw failure
}
