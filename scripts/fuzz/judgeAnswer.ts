import os from 'node:os'
import path from 'node:path'

import type { Answer, FuzzRequest, Verdict } from './types'

/**
 * What must never reach a client: stack frames, dependency and disk paths, and the names or
 * messages of library and engine errors (an error Folio meant to show has its own words).
 */
const LEAK_PATTERNS: { name: string; pattern: RegExp }[] = [
  { name: 'stack frame', pattern: /\bat (?:async )?[\w$.<>[\] ]*\(?(?:file:\/\/|node:|\/|[A-Za-z]:\\)[^\s)]*:\d+:\d+\)?/ },
  { name: 'stack frame', pattern: /\n\s+at [^\n]{1,200}/ },
  { name: 'node_modules path', pattern: /node_modules/ },
  { name: 'file URL', pattern: /file:\/\/\// },
  {
    name: 'absolute path',
    pattern: /(?:^|[\s"'(=:,])\/(?:home|root|usr|var|tmp|opt|srv|work|app|workspace|Users|private|mnt|etc|proc|dev)\/[\w.@-]+/,
  },
  { name: 'windows path', pattern: /\b[A-Za-z]:\\(?:[\w. -]+\\)+/ },
  {
    name: 'library error name',
    pattern:
      /\b(?:CastError|TypeError|ReferenceError|RangeError|EvalError|InternalError|MongoServerError|MongoError|MongoNetworkError|MongooseError|MongoBulkWriteError|BSONError|BSONTypeError|StrictModeError|DivergentArrayError|ObjectParameterError|VersionError|MissingSchemaError|DocumentNotFoundError|ParallelSaveError|OverwriteModelError|ERR_[A-Z_]{4,}|E11000)\b/,
  },
  {
    // Messages of internal errors (a JSON.parse message only echoes the client's own body, so it is not one).
    name: 'engine message',
    pattern:
      /Cannot read propert(?:y|ies) of|Cannot set propert(?:y|ies) of|Cannot create property|is not a function|is not iterable|is not a constructor|Maximum call stack size exceeded|Cannot convert undefined or null|Cannot destructure|Cast to \w+ failed|Invalid array length|Invalid string length|out of memory|Converting circular structure/,
  },
]

/** Paths of this machine, whatever they are: the project, the home and temporary folders. */
function localPaths(): string[] {
  return [path.resolve('.'), os.homedir(), os.tmpdir()].filter((dir) => dir.length > 4 && dir !== '/root')
}

const decodeLoosely = (bytes: Buffer | string) => {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('utf8')
  try {
    return `${text}\n${decodeURIComponent(text.replace(/\+/g, ' '))}`
  } catch {
    return text
  }
}

/** Everything the request carried, to tell a leak from an echo of the fuzzer's own input. */
function requestText(request: FuzzRequest): string {
  if (request.raw) return decodeLoosely(request.raw.bytes.toString('latin1'))
  const target = typeof request.target === 'string' ? request.target : request.target.toString('latin1')
  const headers = request.headers.map(([name, value]) => `${name}: ${typeof value === 'string' ? value : value.toString('latin1')}`).join('\n')
  return [decodeLoosely(target), headers, request.body ? decodeLoosely(request.body) : ''].join('\n')
}

/** The parts of an answer to search for leaks: whole error answers; only `errors` of a 2xx (GraphQL). */
function leakSurface(answer: Answer): string {
  const text = answer.body?.toString('utf8') ?? ''
  if ((answer.status ?? 0) >= 400) return text
  try {
    const parsed = JSON.parse(text) as { errors?: unknown }
    return parsed && typeof parsed === 'object' && 'errors' in parsed ? JSON.stringify(parsed.errors) : ''
  } catch {
    return /json/i.test(answer.headers?.['content-type'] ?? '') ? text : ''
  }
}

export function findLeaks(request: FuzzRequest, answer: Answer): string[] {
  const surface = leakSurface(answer)
  if (!surface) return []
  const sent = requestText(request)
  const leaks: string[] = []
  for (const { name, pattern } of LEAK_PATTERNS) {
    const match = surface.match(pattern)
    if (match && !sent.includes(match[0].trim())) leaks.push(`${name}: ${match[0].trim().slice(0, 120)}`)
  }
  for (const dir of localPaths()) {
    if (surface.includes(dir) && !sent.includes(dir)) leaks.push(`local path: ${dir}`)
  }
  return [...new Set(leaks)]
}

/** The message an answer gives: Payload's `errors[0].message`, a GraphQL error, or the start of the body. */
export function answerMessage(answer: Answer): string {
  const text = answer.body?.toString('utf8') ?? ''
  if (!text) return '(empty body)'
  try {
    const parsed = JSON.parse(text) as { errors?: { message?: unknown }[]; message?: unknown; error?: unknown }
    const message = parsed?.errors?.[0]?.message ?? parsed?.message ?? parsed?.error
    if (message !== undefined) return typeof message === 'string' ? message : JSON.stringify(message)
    return '(json without a message)'
  } catch {
    return text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 160)
  }
}

/** A message with ids, numbers, quoted values and long tails replaced, so that one cause is one signature. */
export function normaliseMessage(message: string): string {
  return message
    .replace(/[0-9a-f]{24}/gi, '<id>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/"[^"]{0,200}"/g, '"…"')
    .replace(/'[^']{0,200}'/g, "'…'")
    .replace(/\b\d+(?:\.\d+)?\b/g, 'N')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 140)
}

/** GraphQL answers 200 with errors inside: an error marked with a 5xx status there is a server error all the same. */
function graphqlInternalError(answer: Answer): number | undefined {
  if ((answer.status ?? 0) >= 400) return undefined
  try {
    const parsed = JSON.parse(answer.body?.toString('utf8') ?? '') as { errors?: { extensions?: { statusCode?: unknown } }[] }
    const status = parsed?.errors?.map((error) => Number(error?.extensions?.statusCode)).find((code) => code >= 500)
    return status
  } catch {
    return undefined
  }
}

/**
 * Whether a request failed, and why (a GraphQL error carrying a 5xx status counts as a 5xx):
 * - any status >= 500;
 * - no answer within the timeout (a hang);
 * - a connection closed or reset without an answer, unless the request says why that is fine
 *   (`closeAllowed`: it was malformed at the HTTP level, or the client stopped sending);
 * - an answer cut off before its end;
 * - a body leaking a stack, a path or a library error.
 */
export function judgeAnswer(request: FuzzRequest, answer: Answer): Verdict {
  const failures: Verdict['failures'] = []
  let message: string
  if (answer.outcome === 'timeout') {
    failures.push({ kind: 'hang', detail: `no answer within ${answer.ms} ms` })
    message = `no answer (hang)${request.raw?.note ? `: ${request.raw.note}` : ''}`
  } else if (answer.outcome !== 'answered') {
    message = `connection ${answer.outcome} without an answer${answer.error ? ` (${answer.error.replace(/incomplete answer: .*/, 'incomplete answer')})` : ''}`
    if (!request.closeAllowed) failures.push({ kind: 'reset', detail: message })
  } else {
    message = answerMessage(answer)
    if ((answer.status ?? 0) >= 500) failures.push({ kind: '5xx', detail: `${answer.status} ${message}` })
    const internal = graphqlInternalError(answer)
    if (internal) failures.push({ kind: '5xx', detail: `GraphQL error with status ${internal} inside a ${answer.status}: ${message}` })
    if (answer.truncated && !request.closeAllowed) failures.push({ kind: 'truncated', detail: `${answer.status} answer cut off` })
  }
  const leaks = answer.outcome === 'answered' ? findLeaks(request, answer) : []
  if (leaks.length > 0) failures.push({ kind: 'leak', detail: leaks.join('; ') })
  const status = answer.status ?? 0
  const acceptedInvalid = Boolean(request.shouldRefuse) && answer.outcome === 'answered' && status >= 200 && status < 400
  return { failures, message: normaliseMessage(message), leaks, acceptedInvalid }
}
