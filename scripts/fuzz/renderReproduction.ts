import { encodeRequest } from './encodeRequest'
import type { Bytes, FuzzCredentials, FuzzRequest, FuzzTargets } from './types'

/** Longest reproduction printed; the JSON report has the whole request. */
const MAX_PRINTED = 1500

export type ReproductionContext = { credentials: FuzzCredentials; targets: FuzzTargets }

/** Secrets and ids of this run, each with the shell variable a reproduction names it by. */
function variables(context: ReproductionContext): [string, string][] {
  const { credentials, targets } = context
  const pairs: [string, string][] = [
    [credentials.admin.token, 'ADMIN_TOKEN'],
    [credentials.editor.token, 'EDITOR_TOKEN'],
    [credentials.author.token, 'AUTHOR_TOKEN'],
    [targets.victim.token, 'VICTIM_TOKEN'],
    [credentials.apiKey, 'API_KEY'],
    [targets.formToken, 'FORM_TOKEN'],
    ...Object.entries(targets.idNames),
  ]
  // Longest first, so that no value is replaced inside a longer one.
  return pairs.filter(([value]) => value && value.length >= 8).sort((a, b) => b[0].length - a[0].length)
}

const isPrintable = (text: string) => /^[\x20-\x7e\n\t]*$/.test(text)
const text = (bytes: Bytes) => (typeof bytes === 'string' ? bytes : bytes.toString('latin1'))

/** `text` inside double quotes for a POSIX shell, with this run's tokens and ids as variables. */
function shellQuoted(value: string, context: ReproductionContext): string {
  let quoted = value.replace(/[\\"$`]/g, (char) => `\\${char}`)
  for (const [secret, name] of variables(context)) quoted = quoted.split(secret).join(`\${${name}}`)
  return `"${quoted}"`
}

const stringLiteral = (source: string) =>
  `'${source.replace(/[\\']/g, (char) => `\\${char}`).replace(/[^\x20-\x7e]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`

/** A JavaScript string expression for `source` (one character per byte), runs of a repeated piece written as `.repeat(n)`. */
function stringExpression(source: string): string {
  const pieces: string[] = []
  let literal = ''
  const flush = () => {
    if (literal) pieces.push(stringLiteral(literal))
    literal = ''
  }
  let i = 0
  while (i < source.length) {
    let best = { unit: '', count: 0 }
    for (let size = 1; size <= 24 && i + size * 8 <= source.length; size++) {
      const unit = source.slice(i, i + size)
      let count = 1
      while (source.startsWith(unit, i + count * size)) count++
      if (count * size >= 48 && count * size > best.count * best.unit.length) best = { unit, count }
    }
    if (best.count > 0) {
      flush()
      pieces.push(`${stringLiteral(best.unit)}.repeat(${best.count})`)
      i += best.unit.length * best.count
    } else {
      literal += source[i]
      i++
    }
  }
  flush()
  return pieces.join(' + ') || "''"
}

/** A JavaScript expression evaluating to `bytes`: a string when they are ASCII, else (or when asked) a Buffer. */
export function bytesExpression(bytes: Buffer, asBuffer = false): string {
  if (bytes.length > 8 * 1024 * 1024) return `Buffer.alloc(${bytes.length}) /* ${bytes.length} bytes: see the JSON report */`
  const source = bytes.toString('latin1')
  const expression = stringExpression(source)
  return asBuffer || /\P{ASCII}/u.test(source) ? `Buffer.from(${expression}, 'latin1')` : expression
}

function curlCommand(request: FuzzRequest, baseUrl: string, context: ReproductionContext): string | undefined {
  const target = text(request.target)
  if (request.raw || request.omitLength || !isPrintable(target) || /\s/.test(target)) return undefined
  if (request.headers.some(([name, value]) => !/^[!#$%&'*+.^_`|~\w-]+$/.test(name) || !isPrintable(text(value)) || /^(host|content-length|transfer-encoding|connection|expect)$/i.test(name))) return undefined
  const parts = ['curl -sS -i --path-as-is -g']
  if (request.method === 'HEAD') parts.push('-I')
  else if (request.method !== 'GET' || request.body) parts.push(`-X ${request.method}`)
  parts.push(shellQuoted(`${baseUrl}${target}`, context))
  for (const [name, value] of request.headers) parts.push(`-H ${shellQuoted(`${name}: ${text(value)}`, context)}`)
  // curl labels a body it sends as a form unless told otherwise; the request had no Content-Type.
  if (request.body && !request.headers.some(([name]) => name.toLowerCase() === 'content-type')) parts.push('-H "Content-Type:"')
  if (request.body && request.body.length > 0) {
    const body = request.body.toString('latin1')
    if (request.body.length <= 600 && isPrintable(body) && request.body.equals(Buffer.from(body, 'utf8'))) {
      parts.push(`--data-binary ${shellQuoted(body, context)}`)
    } else {
      const expression = request.bodyRecipe ?? bytesExpression(request.body)
      return `node -e ${shellQuoted(`process.stdout.write(${expression})`, context)} | ${parts.join(' ')} --data-binary @-`
    }
  }
  if (request.body && request.body.length === 0) parts.push('--data-binary ""')
  return parts.join(' ')
}

/**
 * A command reproducing `request` against `baseUrl`: curl when curl can send it as it was sent,
 * otherwise a Node one-liner writing the exact bytes to a socket. Tokens, the API key and the ids
 * of this run's documents appear as shell variables ($ADMIN_TOKEN, $POST_ID, …).
 */
export function renderReproduction(request: FuzzRequest, baseUrl: string, context: ReproductionContext): string {
  const curl = curlCommand(request, baseUrl, context)
  if (curl) return curl.length > MAX_PRINTED ? `${curl.slice(0, MAX_PRINTED)}… (${curl.length} characters; whole request in the JSON report)` : curl
  const { hostname, port } = new URL(baseUrl)
  const plan = encodeRequest(request, `${hostname}:${port}`)
  const write = plan.drip
    ? `const b=${bytesExpression(plan.bytes, true)};let i=0;const t=setInterval(()=>{s.write(b.subarray(i,i+=${plan.drip.bytes}));if(i>=b.length)clearInterval(t)},${plan.drip.everyMs})`
    : `s.write(${bytesExpression(plan.bytes)})${plan.after === 'end' ? ';s.end()' : ''}`
  const script = `const s=require('net').connect(${port || 80},'${hostname}',()=>{${write}});s.pipe(process.stdout);s.on('close',()=>process.exit())`
  const command = `node -e ${shellQuoted(script, context)}${plan.note ? `   # ${plan.note}` : ''}`
  return command.length > MAX_PRINTED ? `${command.slice(0, MAX_PRINTED)}… (${command.length} characters; whole request in the JSON report)` : command
}
