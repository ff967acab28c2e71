import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { inject } from 'vitest'

import { withDatabaseName } from '@/lib/withDatabaseName'

export type TestEnvironment = {
  databaseUri: string
  databaseName: string
  mediaDir: string
  /** Where transformed images are kept (IMAGE_CACHE_DIR). */
  imageCacheDir: string
  env: Record<string, string>
  cleanUp: () => void
}

/**
 * The settings one test file runs Folio with: its own database on the shared server, its own
 * media folder and secret.
 */
export function createTestEnvironment(label: string, databaseServer = inject('databaseServer')): TestEnvironment {
  const databaseName = `folio_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`
  const databaseUri = withDatabaseName(databaseServer, databaseName)
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), `folio-media-${label}-`))
  const imageCacheDir = fs.mkdtempSync(path.join(os.tmpdir(), `folio-variants-${label}-`))
  const env = {
    MONGODB_URI: databaseUri,
    PAYLOAD_SECRET: randomBytes(32).toString('hex'),
    MEDIA_DIR: mediaDir,
    IMAGE_CACHE_DIR: imageCacheDir,
    LOG_LEVEL: 'warn',
  }
  return {
    databaseUri,
    databaseName,
    mediaDir,
    imageCacheDir,
    env,
    cleanUp: () => {
      fs.rmSync(mediaDir, { recursive: true, force: true })
      fs.rmSync(imageCacheDir, { recursive: true, force: true })
    },
  }
}
