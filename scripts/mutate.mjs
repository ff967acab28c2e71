// npm run mutate [-- group…]: mutation testing of the guard modules, one group at a time
// (tests/mutation/groups.mjs: access, cache, cacheInvalidation, webhooks, forms, input, redirects, publishing), each
// against its own test files. Prints the score per module and every surviving mutant, and writes
// test-results/mutation/<group>.json. Mutates files in place: start it on a clean working tree.
//
//   npm run mutate                      every group (long: hours on two cores)
//   npm run mutate -- webhooks redirects
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import { mutationGroups } from '../tests/mutation/groups.mjs'

const names = process.argv.slice(2)
const unknown = names.filter((n) => !(n in mutationGroups))
if (unknown.length) {
  console.error(`npm run mutate: no group ${unknown.join(', ')} (groups: ${Object.keys(mutationGroups).join(', ')})`)
  process.exit(2)
}
const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).stdout.trim()
if (dirty) {
  console.error('npm run mutate changes source files in place: commit or stash these changes first:\n' + dirty)
  process.exit(2)
}

// Stryker's statuses: detected = Killed + Timeout; the score counts NoCoverage as undetected.
const DETECTED = new Set(['Killed', 'Timeout'])
const COUNTED = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage'])
const rows = []
const survivors = []
let failed = false

for (const name of names.length ? names : Object.keys(mutationGroups)) {
  const started = Date.now()
  console.log(`\n▸ mutation group ${name}`)
  const run = spawnSync('node_modules/.bin/stryker', ['run'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'test', FOLIO_MUTATE_GROUP: name },
  })
  const reportFile = path.join('test-results', 'mutation', `${name}.json`)
  if (run.status !== 0 || !fs.existsSync(reportFile)) {
    console.error(`mutation group ${name}: stryker exited with ${run.status ?? run.signal}`)
    failed = true
    continue
  }
  console.log(`mutation group ${name}: ${((Date.now() - started) / 60_000).toFixed(1)} min`)
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'))
  for (const [file, { mutants, source }] of Object.entries(report.files)) {
    const lines = source.split('\n')
    const counted = mutants.filter((m) => COUNTED.has(m.status))
    const detected = counted.filter((m) => DETECTED.has(m.status)).length
    rows.push({ group: name, file, detected, total: counted.length })
    for (const m of counted.filter((m) => !DETECTED.has(m.status))) {
      const line = m.location.start.line
      survivors.push(`${file}:${line}:${m.location.start.column} ${m.status} ${m.mutatorName}: ${lines[line - 1].trim()}  →  ${m.replacement ?? ''}`)
    }
  }
}

const pct = (d, t) => (t ? ((100 * d) / t).toFixed(1) : '—')
console.log('\n| group | module | detected / mutants | score |\n|---|---|---|---|')
for (const r of rows) console.log(`| ${r.group} | ${r.file} | ${r.detected} / ${r.total} | ${pct(r.detected, r.total)}% |`)
const detected = rows.reduce((s, r) => s + r.detected, 0)
const total = rows.reduce((s, r) => s + r.total, 0)
console.log(`| all | | ${detected} / ${total} | ${pct(detected, total)}% |`)
if (survivors.length) console.log(`\nUndetected mutants (${survivors.length}):\n${survivors.join('\n')}`)
process.exit(failed ? 1 : 0)
