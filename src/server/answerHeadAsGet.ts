import type { FetchHandler } from './FetchHandler'

/**
 * HEAD as RFC 9110 defines it: the GET answer's status and headers (Content-Length, ETag,
 * Cache-Control…) without its body. Payload routes only GET, so a HEAD reaches the handler as a GET
 * (through the response cache, which keeps the whole answer) and its body is dropped here.
 */
export function answerHeadAsGet(handler: FetchHandler): FetchHandler {
  return async (request) => {
    if (request.method !== 'HEAD') return handler(request)
    const response = await handler(new Request(request, { method: 'GET' }))
    const headers = new Headers(response.headers)
    // Payload's JSON answers are sent without a length: count the bytes the GET would send.
    if (response.body && !headers.has('content-length')) headers.set('Content-Length', String((await response.arrayBuffer()).byteLength))
    else await response.body?.cancel()
    return new Response(null, { status: response.status, statusText: response.statusText, headers })
  }
}
