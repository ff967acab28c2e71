// npm run mutate [-- group…]: mutation testing of the guard modules, one group at a time
// (tests/mutation/groups.mjs: access, cache, cacheInvalidation, webhooks, forms, input, redirects, publishing), each
// against its own test files. Prints the score per module and every surviving mutant, and writes
// test-results/mutation/<group>.json. Mutates files in place: start it on a clean working tree.
//
//   npm run mutate                      every group (about an hour on two cores)
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
const equivalents = []
const staleEquivalents = []
let failed = false

/** The entry of groups.mjs' `equivalent` list that explains a mutant no test caught, if any. */
const explanation = (group, file, mutant, sourceLine) =>
  (group.equivalent ?? []).find(
    (e) => e.file === file && e.mutator === mutant.mutatorName && e.replacement === (mutant.replacement ?? '') && sourceLine.includes(e.code),
  )

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
  const group = mutationGroups[name]
  const used = new Set()
  for (const [file, { mutants, source }] of Object.entries(report.files)) {
    const lines = source.split('\n')
    const counted = mutants.filter((m) => COUNTED.has(m.status))
    const detected = counted.filter((m) => DETECTED.has(m.status)).length
    let equivalent = 0
    for (const m of counted.filter((m) => !DETECTED.has(m.status))) {
      const line = m.location.start.line
      const text = `${file}:${line}:${m.location.start.column} ${m.status} ${m.mutatorName}: ${lines[line - 1].trim()}  →  ${m.replacement ?? ''}`
      const known = explanation(group, file, m, lines[line - 1])
      if (known) {
        used.add(known)
        equivalent += 1
        equivalents.push(`${text}\n    equivalent: ${known.why}`)
      } else survivors.push(text)
    }
    rows.push({ group: name, file, detected, total: counted.length, equivalent })
  }
  for (const e of group.equivalent ?? []) {
    if (!used.has(e) && e.file in report.files) staleEquivalents.push(`${e.file} ${e.mutator} on "${e.code}" → ${e.replacement}`)
  }
}

const pct = (d, t) => (t ? ((100 * d) / t).toFixed(1) : '—')
// The score is Stryker's: equivalent mutants count as undetected; the last column says how many
// of the undetected ones groups.mjs explains as equivalent (no test can tell them from the code).
console.log('\n| group | module | detected / mutants | score | equivalent |\n|---|---|---|---|---|')
for (const r of rows) console.log(`| ${r.group} | ${r.file} | ${r.detected} / ${r.total} | ${pct(r.detected, r.total)}% | ${r.equivalent} |`)
const sum = (key) => rows.reduce((s, r) => s + r[key], 0)
console.log(`| all | | ${sum('detected')} / ${sum('total')} | ${pct(sum('detected'), sum('total'))}% | ${sum('equivalent')} |`)
if (equivalents.length) console.log(`\nEquivalent mutants, explained in tests/mutation/groups.mjs (${equivalents.length}):\n${equivalents.join('\n')}`)
if (survivors.length) console.log(`\nUndetected mutants (${survivors.length}): kill each with a test, or explain it in groups.mjs if no test can\n${survivors.join('\n')}`)
if (staleEquivalents.length) console.log(`\nEquivalent entries in groups.mjs that matched no surviving mutant (update or remove them):\n${staleEquivalents.join('\n')}`)
process.exit(failed ? 1 : 0)
