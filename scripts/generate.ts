// Regenerates payload-types.ts and the admin import map from payload.config.ts, or with --check
// fails when the committed ones are stale. Payload's own CLI can exit before it has written
// anything, so this calls its generators directly.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { generateImportMap } from 'payload'
import { generateTypes } from 'payload/node'

import configPromise from '../payload.config'

const TYPES = 'payload-types.ts'
const IMPORT_MAP = 'src/app/(payload)/admin/importMap.js'

const config = await configPromise
const isCheck = process.argv.includes('--check')

if (!isCheck) {
  await generateTypes(config, { log: true })
  await generateImportMap(config, { force: true, log: true })
  process.exit(0)
}

const stale: string[] = []
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-generated-'))
const committedMap = fs.readFileSync(IMPORT_MAP, 'utf8')
const { atime, mtime } = fs.statSync(IMPORT_MAP)
try {
  process.env.PAYLOAD_TS_OUTPUT_PATH = path.join(tmp, TYPES)
  await generateTypes(config, { log: false })
  if (fs.readFileSync(path.join(tmp, TYPES), 'utf8') !== fs.readFileSync(TYPES, 'utf8')) stale.push(TYPES)

  // The import map holds paths relative to its own location, so it is generated in place.
  await generateImportMap(config, { force: true, log: false })
  if (fs.readFileSync(IMPORT_MAP, 'utf8') !== committedMap) stale.push(IMPORT_MAP)
} finally {
  if (fs.readFileSync(IMPORT_MAP, 'utf8') !== committedMap) fs.writeFileSync(IMPORT_MAP, committedMap)
  // A check is not an edit: keep the timestamps, or the next build would think a source changed.
  fs.utimesSync(IMPORT_MAP, atime, mtime)
  fs.rmSync(tmp, { recursive: true, force: true })
}

if (stale.length > 0) {
  console.error(`Generated files are stale: ${stale.join(', ')}. Run \`npm run generate\` and commit the result.`)
  process.exit(1)
}
console.log('Generated files are up to date.')
process.exit(0)
