import http from 'node:http'

export type RawAnswer = { status: number; headers: http.IncomingHttpHeaders; body: string; bytes: Buffer }

/**
 * A GET (or another bodiless method) with exactly the header lines given, in order, names spelled
 * as given and repeated where repeated, answered with the bytes as sent: what `fetch` cannot do (it
 * merges and normalises headers, asks for compression itself and decompresses).
 */
export function rawGet(baseUrl: string, path: string, headerLines: [string, string][] = [], method = 'GET'): Promise<RawAnswer> {
  const url = new URL(path, baseUrl)
  const headers = [['Host', url.host], ...headerLines, ['Connection', 'close']].flat()
  return new Promise((resolve, reject) => {
    const request = http.request({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method, headers }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => {
        const bytes = Buffer.concat(chunks)
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: bytes.toString('utf8'), bytes })
      })
      response.on('error', reject)
    })
    request.on('error', reject)
    request.end()
  })
}
