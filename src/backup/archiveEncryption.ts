import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'

import { BackupError } from './BackupError'

/**
 * An encrypted archive is the plain archive (a .tar.gz) cut into frames, each sealed with AES-256-GCM:
 *
 *   header  'FOLIOENC' | version 1 | log2(N), r, p of scrypt | salt (16) | HMAC-SHA256 of the bytes before it (32)
 *   frame   final flag (1) | plaintext length (4, big endian) | ciphertext | GCM tag (16)
 *
 * scrypt turns the passphrase and the archive's random salt into 64 bytes: the first 32 are the AES key,
 * the last 32 key the header's HMAC, which tells a wrong passphrase apart from damaged data before any
 * frame is opened. Every frame's nonce is its index, so frames cannot be reordered or dropped; its
 * additional data is the header and its final flag, so a frame cannot be moved to another archive and
 * an archive cut after any frame but the flagged last one is known to be truncated.
 */
export const ENCRYPTED_MAGIC = Buffer.from('FOLIOENC')

const VERSION = 1
const SALT_BYTES = 16
const HMAC_BYTES = 32
const HEADER_BYTES = ENCRYPTED_MAGIC.length + 4 + SALT_BYTES + HMAC_BYTES
const FRAME_HEAD_BYTES = 5
const TAG_BYTES = 16
const FRAME_BYTES = 64 * 1024
// N = 2^17, r = 8: 128 MiB and about half a second per derivation, OWASP's recommended minimum
// being 2^17 as well. Archives state their own parameters; the reader refuses absurd ones.
const LOG2_N = 17
const SCRYPT_R = 8
const SCRYPT_P = 1
const MAX_LOG2_N = 20

type ScryptParameters = { log2N: number; r: number; p: number }

function deriveKeys(passphrase: string, salt: Buffer, { log2N, r, p }: ScryptParameters): Promise<{ aesKey: Buffer; hmacKey: Buffer }> {
  const N = 2 ** log2N
  return new Promise((resolve, reject) => {
    scrypt(passphrase, salt, 64, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, key) => {
      if (error) reject(error)
      else resolve({ aesKey: key.subarray(0, 32), hmacKey: key.subarray(32) })
    })
  })
}

function nonceFor(index: number): Buffer {
  const nonce = Buffer.alloc(12)
  nonce.writeBigUInt64BE(BigInt(index), 4)
  return nonce
}

function additionalData(header: Buffer, isFinal: boolean): Buffer {
  return Buffer.concat([header, Buffer.from([isFinal ? 1 : 0])])
}

/** Encrypts a byte stream into the format above. */
export function createEncryptingStream(passphrase: string): Transform {
  const salt = randomBytes(SALT_BYTES)
  const parameters = { log2N: LOG2_N, r: SCRYPT_R, p: SCRYPT_P }
  const keys = deriveKeys(passphrase, salt, parameters)
  let header: Buffer | undefined
  let pending: Buffer = Buffer.alloc(0)
  let index = 0

  const seal = (plaintext: Buffer, isFinal: boolean, aesKey: Buffer, out: Transform) => {
    const cipher = createCipheriv('aes-256-gcm', aesKey, nonceFor(index++))
    cipher.setAAD(additionalData(header!, isFinal))
    const head = Buffer.alloc(FRAME_HEAD_BYTES)
    head.writeUInt8(isFinal ? 1 : 0, 0)
    head.writeUInt32BE(plaintext.length, 1)
    out.push(Buffer.concat([head, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]))
  }

  const start = async (out: Transform) => {
    const { aesKey, hmacKey } = await keys
    if (!header) {
      const fixed = Buffer.concat([ENCRYPTED_MAGIC, Buffer.from([VERSION, parameters.log2N, parameters.r, parameters.p]), salt])
      header = Buffer.concat([fixed, createHmac('sha256', hmacKey).update(fixed).digest()])
      out.push(header)
    }
    return aesKey
  }

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      start(this)
        .then((aesKey) => {
          pending = pending.length ? Buffer.concat([pending, chunk]) : chunk
          // The last full frame is kept back: only flush knows which frame is the final one.
          while (pending.length > FRAME_BYTES) {
            seal(pending.subarray(0, FRAME_BYTES), false, aesKey, this)
            pending = pending.subarray(FRAME_BYTES)
          }
          callback()
        })
        .catch((error: Error) => callback(error))
    },
    flush(callback: TransformCallback) {
      start(this)
        .then((aesKey) => {
          seal(pending, true, aesKey, this)
          callback()
        })
        .catch((error: Error) => callback(error))
    },
  })
}

/** Whether a file's first bytes are an encrypted archive's. */
export function isEncryptedArchive(firstBytes: Buffer): boolean {
  return firstBytes.subarray(0, ENCRYPTED_MAGIC.length).equals(ENCRYPTED_MAGIC)
}

type KeyCache = Map<string, Promise<{ aesKey: Buffer; hmacKey: Buffer }>>

/** A cache for derived keys, so reading one archive twice (verify, then restore) derives its key once. */
export function createKeyCache(): KeyCache {
  return new Map()
}

/**
 * Decrypts the format above, failing with a BackupError on a wrong passphrase, a frame that does not
 * authenticate (corrupt) or an end before the final frame (truncated). Nothing unauthenticated is emitted.
 */
export function createDecryptingStream(passphrase: string, cache: KeyCache = createKeyCache()): Transform {
  let buffered: Buffer = Buffer.alloc(0)
  let header: Buffer | undefined
  let aesKey: Buffer | undefined
  let index = 0
  let finished = false

  const readHeader = async () => {
    if (buffered.length < HEADER_BYTES) return false
    const candidate = buffered.subarray(0, HEADER_BYTES)
    if (!isEncryptedArchive(candidate)) throw new BackupError('not-an-archive', 'This file is not an encrypted Folio backup')
    const version = candidate.readUInt8(8)
    if (version !== VERSION) throw new BackupError('unsupported-format', `This archive's encryption (version ${version}) is newer than this Folio understands`)
    const parameters = { log2N: candidate.readUInt8(9), r: candidate.readUInt8(10), p: candidate.readUInt8(11) }
    if (parameters.log2N < 10 || parameters.log2N > MAX_LOG2_N || parameters.r < 1 || parameters.r > 32 || parameters.p < 1 || parameters.p > 16) {
      throw new BackupError('corrupt', 'The archive is corrupt: its encryption header is damaged')
    }
    const fixedEnd = HEADER_BYTES - HMAC_BYTES
    const salt = candidate.subarray(fixedEnd - SALT_BYTES, fixedEnd)
    const cacheKey = `${salt.toString('hex')}:${parameters.log2N}:${parameters.r}:${parameters.p}`
    let keys = cache.get(cacheKey)
    if (!keys) {
      keys = deriveKeys(passphrase, salt, parameters)
      cache.set(cacheKey, keys)
    }
    const { aesKey: key, hmacKey } = await keys
    const expected = createHmac('sha256', hmacKey).update(candidate.subarray(0, fixedEnd)).digest()
    if (!timingSafeEqual(expected, candidate.subarray(fixedEnd))) {
      throw new BackupError('wrong-passphrase', 'Wrong passphrase for this archive (or its header is damaged)')
    }
    header = Buffer.from(candidate)
    aesKey = key
    buffered = buffered.subarray(HEADER_BYTES)
    return true
  }

  const openFrames = (out: Transform) => {
    while (buffered.length >= FRAME_HEAD_BYTES) {
      if (finished) throw new BackupError('corrupt', 'The archive is corrupt: data follows its last encrypted frame')
      const flag = buffered.readUInt8(0)
      const length = buffered.readUInt32BE(1)
      if (flag > 1 || length > FRAME_BYTES) throw new BackupError('corrupt', 'The archive is corrupt: an encrypted frame is damaged')
      const total = FRAME_HEAD_BYTES + length + TAG_BYTES
      if (buffered.length < total) return
      const isFinal = flag === 1
      const decipher = createDecipheriv('aes-256-gcm', aesKey!, nonceFor(index++))
      decipher.setAAD(additionalData(header!, isFinal))
      decipher.setAuthTag(buffered.subarray(FRAME_HEAD_BYTES + length, total))
      let plaintext: Buffer
      try {
        plaintext = Buffer.concat([decipher.update(buffered.subarray(FRAME_HEAD_BYTES, FRAME_HEAD_BYTES + length)), decipher.final()])
      } catch {
        throw new BackupError('corrupt', 'The archive is corrupt: an encrypted frame failed authentication')
      }
      buffered = buffered.subarray(total)
      finished = isFinal
      if (plaintext.length) out.push(plaintext)
    }
  }

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk
      const step = async () => {
        if (!header && !(await readHeader())) return
        openFrames(this)
      }
      step()
        .then(() => callback())
        .catch((error: Error) => callback(error))
    },
    flush(callback: TransformCallback) {
      if (!header) callback(new BackupError('truncated', 'The archive is truncated: it ends inside its encryption header'))
      else if (buffered.length || !finished) callback(new BackupError('truncated', 'The archive is truncated: it ends before its last encrypted frame'))
      else callback()
    },
  })
}
