import fs from 'node:fs/promises'
import path from 'node:path'

import { GetObjectCommand, NoSuchKey, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3'

/** What a render reads: a file's path, or its bytes. */
export type SourceInput = string | Buffer

/** Where the original files of an upload collection are: local disk, or an S3-compatible bucket. */
export type ImageSource = {
  /** The original of a document, or undefined when it is not there. */
  read(file: { filename: string; prefix?: string | null }): Promise<SourceInput | undefined>
}

/** Files under `mediaDir` (MEDIA_DIR); a name that would leave it is not there. */
export function localImageSource(mediaDir: string): ImageSource {
  const root = path.resolve(mediaDir)
  return {
    async read({ filename }) {
      const file = path.resolve(root, filename)
      if (!file.startsWith(root + path.sep)) return undefined
      const stats = await fs.stat(file).catch(() => undefined)
      return stats?.isFile() ? file : undefined
    },
  }
}

export type S3Settings = {
  bucket: string
  /** S3_ENDPOINT: an S3-compatible service's address; unset for AWS itself. */
  endpoint?: string
  region: string
  accessKeyId?: string
  secretAccessKey?: string
  /** Bucket in the path (`endpoint/bucket/key`), as most S3-compatible services want. */
  forcePathStyle: boolean
}

/** The S3 client's settings, the same for Payload's storage adapter and for reading originals. */
export function s3ClientConfig(settings: S3Settings): S3ClientConfig {
  return {
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.accessKeyId && settings.secretAccessKey ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } } : {}),
  }
}

/** Originals in a bucket, at the key Payload's S3 adapter stores them under (the document's prefix, then its file name). */
export function s3ImageSource(settings: S3Settings): ImageSource {
  const client = new S3Client(s3ClientConfig(settings))
  return {
    async read({ filename, prefix }) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: settings.bucket, Key: path.posix.join(prefix ?? '', filename) }))
        return object.Body ? Buffer.from(await object.Body.transformToByteArray()) : undefined
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NotFound') return undefined
        throw error
      }
    },
  }
}
