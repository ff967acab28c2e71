// Fails when payload-types.ts or the admin import map no longer match the config.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const TYPES = 'payload-types.ts'
const IMPORT_MAP = 'src/app/(payload)/admin/importMap.js'
const payloadBin = path.resolve('node_modules/.bin/payload')

function generate(args, env = {}) {
  const result = spawnSync(payloadBin, args, { encoding: 'utf8', env: { ...process.env, ...env } })
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr)
    console.error(`payload ${args.join(' ')} failed`)
    process.exit(1)
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-generated-'))
const stale = []

const freshTypes = path.join(tmp, TYPES)
generate(['generate:types'], { PAYLOAD_TS_OUTPUT_PATH: freshTypes })
if (fs.readFileSync(freshTypes, 'utf8') !== fs.readFileSync(TYPES, 'utf8')) stale.push(TYPES)

const committedMap = fs.readFileSync(IMPORT_MAP, 'utf8')
try {
  generate(['generate:importmap'])
  if (fs.readFileSync(IMPORT_MAP, 'utf8') !== committedMap) stale.push(IMPORT_MAP)
} finally {
  fs.writeFileSync(IMPORT_MAP, committedMap)
  fs.rmSync(tmp, { recursive: true, force: true })
}

if (stale.length > 0) {
  console.error(`Generated files are stale: ${stale.join(', ')}. Run \`npm run generate\` and commit the result.`)
  process.exit(1)
}
console.log('Generated files are up to date.')
