/**
 * npm run test:alone: proves that every test stands on its own. Each file runs alone with its tests
 * shuffled (several seeds), then each test runs alone (`-t`). Long: a test file's server starts once
 * per run, so the second step costs a few seconds per test; bound it with --max or name files.
 *
 *   npm run test:alone                          every int and unit file, 2 seeds, every test
 *   npm run test:alone -- tests/int/cache.int.spec.ts --seeds 1,2,3 --max 20
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seeds: { type: 'string', default: '1,2' },
    max: { type: 'string' },
    'files-only': { type: 'boolean', default: false },
  },
})
const seeds = values.seeds.split(',').filter(Boolean)
const maxTests = values.max ? Number(values.max) : Infinity
const targets = positionals.length ? positionals : ['tests/int', 'tests/unit']
const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', NO_COLOR: '1', FORCE_COLOR: '0' }

function vitest(args: string[]): { ok: boolean; output: string } {
  const run = spawnSync('node_modules/.bin/vitest', ['run', ...args], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  return { ok: run.status === 0, output: `${run.stdout}\n${run.stderr}` }
}

type ListedTest = { name: string; file: string }
const listFile = path.join(os.tmpdir(), `folio-tests-${process.pid}.json`)
const listing = spawnSync('node_modules/.bin/vitest', ['list', `--json=${listFile}`, ...targets], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
if (listing.status !== 0) {
  console.error(listing.stderr)
  process.exit(1)
}
const tests = JSON.parse(fs.readFileSync(listFile, 'utf8')) as ListedTest[]
fs.rmSync(listFile, { force: true })
const files = [...new Set(tests.map((test) => path.relative(process.cwd(), test.file)))].sort()
const failures: string[] = []
const started = Date.now()
const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`

console.log(`${files.length} files, ${tests.length} tests`)
for (const file of files) {
  for (const seed of seeds) {
    const { ok, output } = vitest([file, '--sequence.shuffle', `--sequence.seed=${seed}`])
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${file} shuffled, seed ${seed} (${elapsed()})`)
    if (!ok) failures.push(`${file} shuffled with seed ${seed}\n${output.split('\n').filter((line) => /FAIL|Error/.test(line)).slice(0, 10).join('\n')}`)
  }
}

if (!values['files-only']) {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  for (const [index, test] of tests.slice(0, maxTests).entries()) {
    const file = path.relative(process.cwd(), test.file)
    // vitest matches -t against the test's describe blocks and name joined by spaces.
    const { ok, output } = vitest([file, '-t', `^${escape(test.name.split(' > ').join(' '))}$`])
    const ran = /Tests\s+.*\b1 passed\b/.test(output) || /\b1 failed\b/.test(output)
    console.log(`${ok && ran ? 'ok  ' : 'FAIL'} ${index + 1}/${Math.min(tests.length, maxTests)} ${file} › ${test.name} (${elapsed()})`)
    if (!ok || !ran) failures.push(`${file} › ${test.name} alone${ran ? '' : ' (the pattern selected no single test)'}`)
  }
}

console.log(failures.length ? `\n${failures.length} failed:\n${failures.join('\n\n')}` : '\nEvery file shuffled and every test alone passed.')
process.exit(failures.length ? 1 : 0)
