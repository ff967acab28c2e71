import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'

import { findFreePort } from '@/lib/findFreePort'
import { findProjectRoot } from '@/lib/findProjectRoot'
import { waitForPort } from '@/lib/waitForPort'

export type S3Server = {
  endpoint: string
  bucket: string
  /** The settings Folio reads to store uploads in this server's bucket. */
  env: Record<string, string>
  /** Every key in the bucket. */
  keys: () => Promise<string[]>
  stop: () => Promise<void>
}

/**
 * moto's standalone server (an S3-compatible service, installed from PyPI into .tools/ by
 * `npm test`) on a free loopback port, with one empty bucket.
 */
export async function startS3Server(): Promise<S3Server> {
  const binary = path.join(findProjectRoot(import.meta.url), '.tools/s3-server/bin/moto_server')
  if (!fs.existsSync(binary)) throw new Error(`${binary} is missing: npm test installs it (scripts/lib/ensureTestTools.mjs)`)
  const port = await findFreePort()
  const child = spawn(binary, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  await waitForPort(port, '127.0.0.1', 30_000)
  const endpoint = `http://127.0.0.1:${port}`
  const bucket = 'folio-media'
  const credentials = { accessKeyId: 'folio-test', secretAccessKey: 'folio-test-secret' }
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials })
  await client.send(new CreateBucketCommand({ Bucket: bucket }))
  return {
    endpoint,
    bucket,
    env: { S3_BUCKET: bucket, S3_ENDPOINT: endpoint, S3_REGION: 'us-east-1', S3_ACCESS_KEY_ID: credentials.accessKeyId, S3_SECRET_ACCESS_KEY: credentials.secretAccessKey },
    keys: async () => ((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((object) => object.Key ?? '').sort(),
    stop: async () => {
      client.destroy()
      if (child.exitCode !== null) return
      child.kill('SIGTERM')
      await exited
    },
  }
}
