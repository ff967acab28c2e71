export type ErrorEntry = { message: string; code?: string; data?: Record<string, unknown> } & Record<string, unknown>

/**
 * Folio's error envelope: Payload's `{ errors: [{ message, code, data? }] }`, with the first error's
 * message also at the top (`message`), where Payload's admin reads it for its toasts.
 */
export function errorEnvelope(errors: ErrorEntry[]): { message: string; errors: ErrorEntry[] } {
  return { message: errors[0]?.message ?? 'Request failed', errors }
}

/** A Fetch `Response` carrying Folio's error envelope (errorEnvelope). */
export function errorResponse(status: number, message: string, code: string, options: { data?: Record<string, unknown>; headers?: Record<string, string> } = {}): Response {
  const { data, headers } = options
  return Response.json(errorEnvelope([data ? { message, code, data } : { message, code }]), { status, headers })
}
