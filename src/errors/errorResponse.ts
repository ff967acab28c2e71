/** A Fetch `Response` carrying Folio's error envelope: `{ errors: [{ message, code, data? }] }`. */
export function errorResponse(status: number, message: string, code: string, options: { data?: Record<string, unknown>; headers?: Record<string, string> } = {}): Response {
  const { data, headers } = options
  return Response.json({ errors: [data ? { message, code, data } : { message, code }] }, { status, headers })
}
