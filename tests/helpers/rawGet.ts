import http from 'node:http'

export type RawAnswer = { status: number; headers: http.IncomingHttpHeaders; body: string }

/**
 * A GET with exactly the header lines given, in order, names spelled as given and repeated
 * where repeated: what `fetch` cannot send (it merges and normalises headers).
 */
export function rawGet(baseUrl: string, path: string, headerLines: [string, string][] = []): Promise<RawAnswer> {
  const url = new URL(path, baseUrl)
  const headers = [['Host', url.host], ...headerLines, ['Connection', 'close']].flat()
  return new Promise((resolve, reject) => {
    const request = http.request({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: 'GET', headers }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }))
      response.on('error', reject)
    })
    request.on('error', reject)
    request.end()
  })
}
