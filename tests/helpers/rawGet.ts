import http from 'node:http'

/** `headerLines`: every header line as sent, in order, names lower-cased (repeats kept, which `headers` merges). */
export type RawAnswer = { status: number; headers: http.IncomingHttpHeaders; headerLines: [string, string][]; body: string; bytes: Buffer }

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
        const { rawHeaders } = response
        const headerLines = Array.from({ length: rawHeaders.length / 2 }, (_, i): [string, string] => [rawHeaders[2 * i].toLowerCase(), rawHeaders[2 * i + 1]])
        resolve({ status: response.statusCode ?? 0, headers: response.headers, headerLines, body: bytes.toString('utf8'), bytes })
      })
      response.on('error', reject)
    })
    request.on('error', reject)
    request.end()
  })
}
