export type ApiResponse<T = any> = {
  status: number
  headers: Headers
  body: T
}

export type RequestOptions = {
  method?: string
  token?: string
  apiKey?: string
  json?: unknown
  body?: BodyInit
  headers?: Record<string, string>
}

export type ApiClient = <T = any>(path: string, options?: RequestOptions) => Promise<ApiResponse<T>>

/** Talks to Folio over HTTP the way a frontend does. */
export function createApiClient(baseUrl: string): ApiClient {
  return async (path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers }
    if (options.token) headers.Authorization = `JWT ${options.token}`
    if (options.apiKey) headers.Authorization = `users API-Key ${options.apiKey}`
    let body = options.body
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(options.json)
    }
    const response = await fetch(`${baseUrl}${path}`, { method: options.method ?? 'GET', headers, body })
    const text = await response.text()
    let parsed: unknown = text
    if (response.headers.get('content-type')?.includes('json') && text) parsed = JSON.parse(text)
    return { status: response.status, headers: response.headers, body: parsed as any }
  }
}
