// npm test: the same preparation as npm start, then type-check, lint, generated-file check and the whole
// suite against a real local database, the real server and headless Chromium.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'

import { ensureTestTools } from './lib/ensureTestTools.mjs'
import { ensureBuild, ensureDependencies } from './lib/prepare.mjs'
import { run } from './lib/run.mjs'

ensureDependencies()
ensureTestTools()

console.log('\n▸ Type-checking…')
run('node_modules/.bin/tsc', ['--noEmit'])

console.log('\n▸ Linting…')
run('node_modules/.bin/eslint', ['.'])

console.log('\n▸ Checking generated files…')
run('node_modules/.bin/tsx', ['--conditions=production', 'scripts/generate.ts', '--check'])

ensureBuild()

console.log('\n▸ Running the test suite…')
const report = 'test-results/vitest.json'
fs.rmSync(report, { force: true })
const suite = spawnSync(
  'node_modules/.bin/vitest',
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
)
if (fs.existsSync(report)) {
  const { numPassedTests, numFailedTests, numPendingTests } = JSON.parse(fs.readFileSync(report, 'utf8'))
  console.log(`\ntests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests} skipped`)
}
process.exit(suite.status ?? 1)
