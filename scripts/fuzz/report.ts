import fs from 'node:fs'
import path from 'node:path'

import { formatGrid } from '../bench/stats'
import { renderReproduction, type ReproductionContext } from './renderReproduction'
import type { FuzzResult } from './runFuzz'
import type { Signature } from './runner'
import { CATEGORIES, type Bytes, type FuzzRequest } from './types'

const MAX_ACCEPTED_SHOWN = 15
/** Signatures printed with a reproduction per root cause; the others are listed on one line (all are in the JSON report). */
const MAX_SIGNATURES_SHOWN = 4
const MAX_JSON_BODY_BYTES = 1024 * 1024

export function summaryTable(result: FuzzResult): string {
  const rows = CATEGORIES.map((category) => ({ category, ...result.counts[category] }))
  const total = rows.reduce(
    (sum, row) => ({
      ...sum,
      sent: sum.sent + row.sent,
      client: sum.client + row.client,
      ok: sum.ok + row.ok,
      server: sum.server + row.server,
      hangs: sum.hangs + row.hangs,
      noAnswer: sum.noAnswer + row.noAnswer,
      leaks: sum.leaks + row.leaks,
      failed: sum.failed + row.failed,
    }),
    { category: 'total', sent: 0, client: 0, ok: 0, server: 0, hangs: 0, noAnswer: 0, leaks: 0, failed: 0 },
  )
  const line = (row: typeof total) => [row.category, ...[row.sent, row.client, row.ok, row.server, row.hangs, row.noAnswer, row.leaks, row.failed].map(String)]
  return formatGrid(['family', 'sent', '4xx', '2xx/3xx', '5xx', 'hangs', 'no answer', 'leaks', 'failed'], [...rows.filter((row) => row.sent > 0).map(line), [], line(total)], 'lrrrrrrrr')
}

/** Failures grouped by what the server logged for them (or, without its log, by status and message). */
export function groupByCause(signatures: Signature[]): { cause: string; signatures: Signature[]; count: number }[] {
  const groups = new Map<string, Signature[]>()
  for (const signature of signatures) {
    // One cause whatever the field, collection or line: quoted names and line numbers set aside.
    const cause = signature.cause
      ? signature.cause.replace(/"[^"]*"|'[^']*'/g, (quoted) => `${quoted[0]}…${quoted[0]}`).replace(/:\d+(?=[\s)]|$)/g, '').replace(/\d+ MB/g, 'N MB')
      : `${signature.label}: ${signature.message}`
    groups.set(cause, [...(groups.get(cause) ?? []), signature])
  }
  return [...groups.entries()]
    .map(([cause, list]) => ({ cause, signatures: list.sort((a, b) => b.count - a.count), count: list.reduce((sum, item) => sum + item.count, 0) }))
    .sort((a, b) => b.count - a.count)
}

const indent = (text: string, prefix: string) => text.split('\n').map((line) => `${prefix}${line}`).join('\n')

/** The whole printed report: table, failures by likely root cause with one reproduction each, accepted invalid input. */
export function formatReport(result: FuzzResult, baseUrl: string): string {
  const context: ReproductionContext = { credentials: result.credentials, targets: result.targets }
  const out: string[] = []
  out.push(
    `Folio fuzz: ${result.sent} requests (seed ${result.seed}, concurrency ${result.concurrency}, timeout ${result.timeoutMs / 1000} s) in ${(result.elapsedMs / 1000).toFixed(0)} s; ` +
      `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
    '',
    summaryTable(result),
    '',
  )
  for (const crash of result.crashes) {
    out.push(`CRASH: ${crash.killedBecause ?? crash.reason}; ${crash.culprit ? `request ${crash.culprit.index} crashes it on its own` : 'no single request of the batch crashes it alone'}`)
  }
  if (result.crashed) out.push(`The run stopped early: ${result.crashed.reason}`)
  if (result.lostToCrashes) out.push(`${result.lostToCrashes} requests found the server down (connection refused) and are counted under "no answer", not as failures of their own.`)
  if (result.crashes.length || result.crashed) out.push('')
  const groups = groupByCause(result.signatures)
  if (result.signatures.length === 0) {
    out.push('No failures: no 5xx, no hang, no connection dropped without an answer, no leak.')
  } else {
    out.push(`FAILURES: ${result.failures} failed requests, ${result.signatures.length} signatures, ${groups.length} likely root causes`)
    out.push('Reproductions name this run\'s secrets and ids as shell variables: ADMIN_TOKEN, EDITOR_TOKEN, AUTHOR_TOKEN, VICTIM_TOKEN, API_KEY, FORM_TOKEN, POSTS_ID, … (values in the JSON report).')
    groups.forEach((group, groupIndex) => {
      out.push('', `[${groupIndex + 1}] ${group.cause}  (${group.count} requests, ${group.signatures.length} signature${group.signatures.length === 1 ? '' : 's'})`)
      for (const signature of group.signatures.slice(0, MAX_SIGNATURES_SHOWN)) {
        out.push(`  ${signature.label.padEnd(9)} x${String(signature.count).padEnd(5)} ${signature.generator.padEnd(26)} ${signature.endpoint}  ${signature.message}`)
        if (signature.label.includes('LEAK')) out.push(`            leaked: ${signature.details.join('; ').slice(0, 300)}`)
        out.push(indent(renderReproduction(signature.example.request, baseUrl, context), '      $ '))
      }
      const rest = group.signatures.slice(MAX_SIGNATURES_SHOWN)
      if (rest.length > 0) {
        const where = rest.map((signature) => `${signature.endpoint} (${signature.generator} x${signature.count})`).join(', ')
        out.push(`  … and ${rest.length} more signature${rest.length === 1 ? '' : 's'} of the same cause: ${where.length > 600 ? `${where.slice(0, 600)}…` : where}`)
      }
    })
  }
  if (result.accepted.length > 0) {
    const total = result.accepted.reduce((sum, item) => sum + item.count, 0)
    out.push('', `Accepted although invalid (not counted as failures): ${total} requests with a wrong-typed field or body answered 2xx/3xx, ${result.accepted.length} kinds; the most frequent:`)
    for (const item of result.accepted.slice(0, MAX_ACCEPTED_SHOWN)) {
      out.push(`  ${String(item.example.answer.status)} x${String(item.count).padEnd(5)} ${item.generator.padEnd(26)} ${item.endpoint}`)
      out.push(indent(renderReproduction(item.example.request, baseUrl, context), '      $ '))
    }
  }
  if (result.generatorErrors.length) out.push('', `The fuzzer failed to generate ${result.generatorErrors.length} requests (not sent): ${result.generatorErrors.slice(0, 3).join('; ')}`)
  if (result.credentialRefreshes.length) out.push('', `Sessions ended by fuzzed requests and signed in again: ${result.credentialRefreshes.join('; ')}`)
  out.push('', result.failures === 0 && !result.crashed ? 'PASS' : `FAIL: ${result.failures} failed requests${result.crashed ? ', crashed' : ''}`)
  return out.join('\n')
}

function bytesForJson(bytes: Bytes | undefined): { text?: string; base64?: string; length: number; cut?: boolean } | undefined {
  if (bytes === undefined) return undefined
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes
  const kept = buffer.subarray(0, MAX_JSON_BODY_BYTES)
  const text = kept.toString('utf8')
  const cut = buffer.length > kept.length ? true : undefined
  return Buffer.from(text, 'utf8').equals(kept) ? { text, length: buffer.length, cut } : { base64: kept.toString('base64'), length: buffer.length, cut }
}

function requestForJson(request: FuzzRequest) {
  return {
    category: request.category,
    generator: request.generator,
    role: request.role,
    method: request.method,
    target: bytesForJson(request.target),
    headers: request.headers.map(([name, value]) => [name, bytesForJson(value)]),
    body: bytesForJson(request.body),
    raw: request.raw ? { bytes: bytesForJson(request.raw.bytes), after: request.raw.after, drip: request.raw.drip, note: request.raw.note } : undefined,
    closeAllowed: request.closeAllowed,
  }
}

/** Everything in the printed report and more (whole requests, run secrets, ids), as JSON. */
export function writeJsonReport(result: FuzzResult, baseUrl: string, file: string): void {
  const context: ReproductionContext = { credentials: result.credentials, targets: result.targets }
  const report = {
    generatedAt: new Date().toISOString(),
    passed: result.failures === 0 && !result.crashed,
    options: { requests: result.requested, seed: result.seed, concurrency: result.concurrency, timeoutMs: result.timeoutMs, healthEvery: result.healthEvery },
    sent: result.sent,
    failures: result.failures,
    elapsedMs: result.elapsedMs,
    latencyMs: result.latency,
    crashed: result.crashed ? { reason: result.crashed.reason, batch: result.crashed.batch } : null,
    crashes: result.crashes.map((crash) => ({ reason: crash.reason, killedBecause: crash.killedBecause ?? null, batch: crash.batch, culpritIndex: crash.culprit?.index ?? null, serverOutput: crash.output ?? null })),
    lostToCrashes: result.lostToCrashes,
    summary: result.counts,
    causes: groupByCause(result.signatures).map((group) => ({
      cause: group.cause,
      requests: group.count,
      signatures: group.signatures.map((signature) => ({
        label: signature.label,
        category: signature.category,
        generator: signature.generator,
        endpoint: signature.endpoint,
        message: signature.message,
        details: signature.details,
        count: signature.count,
        reproduction: renderReproduction(signature.example.request, baseUrl, context),
        requestIndex: signature.example.index,
        request: requestForJson(signature.example.request),
        answer: signature.example.answer,
        replayed: signature.replayed ?? null,
      })),
    })),
    acceptedInvalid: result.accepted.map((item) => ({
      generator: item.generator,
      endpoint: item.endpoint,
      count: item.count,
      reproduction: renderReproduction(item.example.request, baseUrl, context),
      request: requestForJson(item.example.request),
      answer: item.example.answer,
    })),
    credentialRefreshes: result.credentialRefreshes,
    generatorErrors: result.generatorErrors,
    /** The run's values of the variables reproductions use. */
    variables: {
      FOLIO: baseUrl,
      ADMIN_TOKEN: result.credentials.admin.token,
      EDITOR_TOKEN: result.credentials.editor.token,
      AUTHOR_TOKEN: result.credentials.author.token,
      VICTIM_TOKEN: result.targets.victim.token,
      API_KEY: result.credentials.apiKey,
      FORM_TOKEN: result.targets.formToken,
      ...Object.fromEntries(Object.entries(result.targets.idNames).map(([id, name]) => [name, id])),
    },
  }
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`)
}
