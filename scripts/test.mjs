// npm test: the same preparation as npm start, then type-check, generated-file check and the whole
// suite against a real local database, the real server and headless Chromium.
import { ensureChromium } from './lib/ensureChromium.mjs'
import { ensureBuild, ensureDependencies } from './lib/prepare.mjs'
import { run } from './lib/run.mjs'

ensureDependencies()
ensureChromium()

console.log('\n▸ Type-checking…')
run('node_modules/.bin/tsc', ['--noEmit'])

console.log('\n▸ Checking generated files…')
run('node_modules/.bin/tsx', ['scripts/generate.ts', '--check'])

ensureBuild()

console.log('\n▸ Running the test suite…')
run('node_modules/.bin/vitest', ['run', ...process.argv.slice(2)], { env: { ...process.env, NODE_ENV: 'test' } })
