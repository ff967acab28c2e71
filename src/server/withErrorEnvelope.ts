/**
 * A few of Payload's own answers (an unknown route, for one) carry `{ message }` instead of the
 * `{ errors: [{ message }] }` every other error uses; clients get the one shape.
 */
export async function withErrorEnvelope(response: Response): Promise<Response> {
  if (response.status < 400 || !response.headers.get('content-type')?.includes('application/json')) return response
  const body = (await response.clone().json().catch(() => null)) as { errors?: unknown; message?: unknown } | null
  if (!body || body.errors || typeof body.message !== 'string') return response
  const headers = new Headers(response.headers)
  headers.delete('content-length')
  return new Response(JSON.stringify({ errors: [{ message: body.message }] }), { status: response.status, headers })
}
