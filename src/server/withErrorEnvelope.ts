import { codeFor } from '../errors/errorCodes'
import { errorEnvelope, type ErrorEntry } from '../errors/errorResponse'

type Entry = { message?: unknown; code?: unknown } & Record<string, unknown>

const messageOf = (entry: Entry) => (typeof entry?.message === 'string' ? entry.message : 'Request failed')

/**
 * Every API error reaches the client in one shape, `{ message, errors: [{ message, code, data? }] }`: a few
 * of Payload's own answers carry `{ message }` only (an unknown route, for one), and entries made
 * outside Payload's error hook lack a code. Payload's 501 for a collection without REST routes
 * (`/api/payload-migrations`) is a 404 to clients: there is nothing there for them.
 */
export async function withErrorEnvelope(response: Response): Promise<Response> {
  if (response.status < 400 || !response.headers.get('content-type')?.includes('application/json')) return response
  const body = (await response.clone().json().catch(() => null)) as { errors?: unknown; message?: unknown } | null
  if (!body) return response
  const status = response.status === 501 ? 404 : response.status
  let errors: Entry[]
  if (Array.isArray(body.errors)) {
    const complete = body.errors.every((entry: Entry) => typeof entry?.code === 'string')
    if (status === response.status && complete && typeof body.message === 'string') return response
    errors = body.errors.map((entry: Entry) => ({ ...entry, code: typeof entry?.code === 'string' ? entry.code : codeFor(status) }))
  } else {
    errors = [{ message: typeof body.message === 'string' ? body.message : 'Request failed', code: codeFor(status) }]
  }
  if (response.status === 501) errors = [{ message: 'Not found', code: codeFor(404) }]
  const headers = new Headers(response.headers)
  headers.delete('content-length')
  return new Response(JSON.stringify(errorEnvelope(errors.map((entry) => ({ ...entry, message: messageOf(entry) }) as ErrorEntry))), { status, headers })
}
