// The platform's own speed, for Folio's cache hits to be held against: a bare Node `http` server,
// in a process of its own, answering the same URLs with the same bytes and content type Folio's
// cache sends, driven by the same load in alternating rounds.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { combineRuns, runLoad, type LoadRequest, type LoadRun, type LoadSummary } from './load'

/** Serves a JSON file of { path: { type, body (base64) } } on an ephemeral port, and prints the port. */
const BARE_SERVER = `
import fs from 'node:fs'
import http from 'node:http'
const answers = new Map(Object.entries(JSON.parse(fs.readFileSync(process.argv[1], 'utf8'))).map(([path, { type, body }]) => [path, { type, body: Buffer.from(body, 'base64') }]))
const server = http.createServer((req, res) => {
  const answer = answers.get(req.url)
  if (!answer) { res.writeHead(404); res.end(); return }
  res.writeHead(200, { 'Content-Type': answer.type, 'Content-Length': answer.body.byteLength })
  res.end(answer.body)
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'))
`

export type BaselineResult = { bare: LoadSummary; cached: LoadSummary; bytes: number }

/**
 * Runs `requests` (GETs Folio's cache answers) against Folio and against a bare Node server holding
 * Folio's answers, `rounds` times each in turn.
 */
export async function measureAgainstPlatform(
  cachedUrl: string,
  requests: LoadRequest[],
  options: { connections: number; duration: number; rounds: number; warmup: number },
  progress: (message: string) => void,
): Promise<BaselineResult> {
  const answers: Record<string, { type: string; body: string }> = {}
  let bytes = 0
  for (const request of requests) {
    const response = await fetch(`${cachedUrl}${request.path}`, { headers: { 'accept-encoding': 'identity' } })
    const body = Buffer.from(await response.arrayBuffer())
    answers[request.path] = { type: response.headers.get('content-type') ?? 'application/json', body: body.toString('base64') }
    bytes += body.byteLength
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'folio-bench-bare-')), 'answers.json')
  fs.writeFileSync(file, JSON.stringify(answers))
  const child = spawn(process.execPath, ['--input-type=module', '-e', BARE_SERVER, file], { stdio: ['ignore', 'pipe', 'inherit'] })
  try {
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()))
      child.once('exit', (code) => reject(new Error(`the bare Node server exited with ${code}`)))
    })
    const bareUrl = `http://127.0.0.1:${port}`
    const load = (url: string, seconds: number) => runLoad(url, requests, { connections: options.connections, durationSeconds: seconds })
    if (options.warmup > 0) {
      await load(bareUrl, options.warmup)
      await load(cachedUrl, options.warmup)
    }
    const runs: { bare: LoadRun[]; cached: LoadRun[] } = { bare: [], cached: [] }
    for (let round = 1; round <= options.rounds; round++) {
      runs.bare.push(await load(bareUrl, options.duration))
      runs.cached.push(await load(cachedUrl, options.duration))
      const [bare, cached] = [runs.bare.at(-1)!, runs.cached.at(-1)!]
      progress(`platform baseline · round ${round}/${options.rounds}: bare Node ${(bare.responses / bare.seconds).toFixed(0)} req/s, Folio cache hits ${(cached.responses / cached.seconds).toFixed(0)} req/s`)
    }
    return { bare: combineRuns(runs.bare), cached: combineRuns(runs.cached), bytes: bytes / requests.length }
  } finally {
    child.kill()
    fs.rmSync(path.dirname(file), { recursive: true, force: true })
  }
}
