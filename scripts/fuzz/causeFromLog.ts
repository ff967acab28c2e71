import fs from 'node:fs'
import { SourceMap, type SourceMapPayload } from 'node:module'
import path from 'node:path'
import { stripVTControlCharacters } from 'node:util'

import { jsonAt } from '../lib/jsonAt'

type Frame = { text: string; isDependency: boolean }

const bundleMaps = new Map<string, SourceMap | null>()

/** The source map of a compiled file in dist/ (app.js and the chunks it imports), to name Folio's own frames by their TypeScript file. */
function readBundleMap(file: string): SourceMap | null {
  if (!bundleMaps.has(file)) {
    try {
      bundleMaps.set(file, new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')) as SourceMapPayload))
    } catch {
      bundleMaps.set(file, null)
    }
  }
  return bundleMaps.get(file) ?? null
}

/** One stack line as `file:line`, relative to the project; compiled Folio frames mapped back to src/. */
function describeFrame(line: string): Frame | undefined {
  const location = line.match(/\(?((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?\s*$/)
  if (!location) return undefined
  const file = location[1].replace(/^file:\/\//, '')
  const [lineNumber, column] = [Number(location[2]), Number(location[3])]
  if (/\/dist\/[^/]+\.js$/.test(file)) {
    // An empty object when the map has no entry there.
    const entry = readBundleMap(file)?.findEntry(lineNumber - 1, column - 1)
    if (entry && 'originalSource' in entry && entry.originalSource) {
      return { text: `${entry.originalSource.replace(/^(\.\.\/)+/, '')}:${entry.originalLine + 1}`, isDependency: entry.originalSource.includes('node_modules') }
    }
  }
  const modules = file.lastIndexOf('node_modules/')
  if (modules >= 0) return { text: `${file.slice(modules)}:${lineNumber}`, isDependency: true }
  return { text: `${path.relative(path.resolve('.'), file)}:${lineNumber}`, isDependency: false }
}

function describeError(type: string, message: string, stack: string): string {
  const frames = stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line) && !/node:internal|<anonymous>|processTicksAndRejections/.test(line))
    .map(describeFrame)
    .filter((frame): frame is Frame => frame !== undefined)
  const thrownAt = frames[0]
  const own = frames.find((frame) => !frame.isDependency)
  const where = thrownAt ? ` at ${thrownAt.text}${own && own !== thrownAt ? ` (via ${own.text})` : ''}` : ''
  return `${type}: ${message.split('\n')[0].slice(0, 160)}${where}`
}

/**
 * The error a piece of the server's log (pino JSON lines, or the readable format) gives for a
 * request: the entry naming `url` when there is one, else the first error. Its type, message,
 * where it was thrown and the first frame of Folio's own code on the way.
 */
export function causeFromLog(text: string, url?: string): string | undefined {
  const errors: { url?: unknown; err: unknown; msg?: unknown }[] = []
  for (const line of text.split('\n')) {
    const start = line.indexOf('{')
    if (start < 0) continue
    let entry: unknown
    try {
      entry = JSON.parse(line.slice(start))
    } catch {
      continue
    }
    const level = jsonAt(entry, 'level')
    if (typeof level !== 'number' || level < 50) continue
    errors.push({ url: jsonAt(entry, 'url'), err: jsonAt(entry, 'err') ?? jsonAt(entry, 'error'), msg: jsonAt(entry, 'msg') })
  }
  const chosen = errors.find((entry) => url !== undefined && entry.url === url) ?? errors[0]
  if (chosen) {
    const field = (value: unknown) => (typeof value === 'string' ? value : undefined)
    const { err } = chosen
    return describeError(
      field(jsonAt(err, 'type')) ?? field(jsonAt(err, 'name')) ?? 'error',
      field(jsonAt(err, 'message')) ?? field(chosen.msg) ?? '',
      field(jsonAt(err, 'stack')) ?? '',
    )
  }
  const lines = stripVTControlCharacters(text).split('\n')
  const pretty = lines.findIndex((line) => /\bERROR\b/.test(line))
  if (pretty >= 0) return lines.slice(pretty, pretty + 3).join(' ').replace(/\s+/g, ' ').slice(0, 240)
  return undefined
}

/** Why the server died, from the last lines it printed: a fatal error, an uncaught exception, or the last error logged. */
export function crashCause(output: string): string {
  const lines = stripVTControlCharacters(output).split('\n').map((line) => line.trim()).filter(Boolean)
  const fatal = [...lines].reverse().find((line) => /FATAL|Segmentation fault|Aborted|out of memory|uncaught|Unhandled|exited with|killed|SIG[A-Z]+/i.test(line) && !line.startsWith('{'))
  if (fatal) return fatal.slice(0, 240)
  const last = [...lines].reverse().find((line) => line.startsWith('{') && /"level":(50|60)/.test(line))
  return (last && causeFromLog(last)) ?? 'nothing logged'
}
