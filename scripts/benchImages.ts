// Benchmarks Folio's images on request against what a frontend would otherwise use, side by side
// on the same source images: Folio's first (cold) transforms and its cached variants, Express
// serving the same variant bytes as static files, and Next.js' own optimizer (/_next/image, stock
// `next start` on the same build) on the same widths, cold and warm. Also the bytes of AVIF and
// WebP against the original, and the server's RSS during a burst of cold transforms.
//
//   npm run bench:images -- [--images 6] [--duration 10] [--connections 10] [--burst 16]
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import express from 'express'
import sharp from 'sharp'

import { startLocalDatabase } from '@/db/localDatabase'
import { generateImage } from '@/lib/generateImage'
import { findFreePort } from '@/lib/findFreePort'
import { withDatabaseName } from '@/lib/withDatabaseName'
import { cleanUp, makeTempDir, type Cleanup } from './bench/cleanup'
import { ensureServerBuild, expectStatus, signInFirstAdmin, startFolio } from './bench/folio'
import { combineRuns, runLoad, type LoadRequest, type LoadSummary } from './bench/load'
import { readProcessTree, toMiB, totalRss } from './bench/processes'
import { formatGrid, formatNumber, summarize, type Summary } from './bench/stats'
import { hasNextBuild, startStock } from './bench/stock'

type Options = { images: number; duration: number; connections: number; burst: number }

const USAGE = 'usage: npm run bench:images -- [--images N] [--duration SECONDS] [--connections N] [--burst N]'
/** Widths in both Folio's ladder and Next.js' default device sizes. */
const WIDTHS = [640, 1920]
const ACCEPT = 'image/avif,image/webp,image/apng,image/*,*/*;q=0.8'
const TARGET_STATIC_RATIO = 0.8
const SOURCE_WIDTH = 2400
const SOURCE_HEIGHT = 1600

const progress = (message: string) => process.stderr.write(`[bench:images] ${message}\n`)

function parseOptions(args: string[]): Options {
  const options: Options = { images: 6, duration: 10, connections: 10, burst: 16 }
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split('=', 2)
    const key = ({ '--images': 'images', '--duration': 'duration', '--connections': 'connections', '--burst': 'burst' } as const)[flag]
    if (!key) throw new Error(`unknown argument ${args[i]}\n${USAGE}`)
    const value = Number(inline ?? args[++i])
    if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} needs a whole number of at least 1\n${USAGE}`)
    options[key] = value
  }
  return options
}

/** A GET answered in full: status, bytes, time. */
function fetchBytes(url: string, headers: Record<string, string> = {}): Promise<{ status: number; bytes: number; ms: number; body: Buffer; type: string }> {
  const startedAt = performance.now()
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => {
          const body = Buffer.concat(chunks)
          resolve({ status: response.statusCode ?? 0, bytes: body.byteLength, ms: performance.now() - startedAt, body, type: String(response.headers['content-type'] ?? '') })
        })
        response.on('error', reject)
      })
      .on('error', reject)
  })
}

async function load(url: string, requests: LoadRequest[], options: Options): Promise<LoadSummary> {
  return combineRuns([await runLoad(url, requests, { connections: options.connections, durationSeconds: options.duration })])
}

/** Express serving `dir` as static files, as a CDN origin or a static host would. */
async function startStatic(dir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const app = express()
  app.use(express.static(dir, { etag: true, lastModified: true }))
  const port = await findFreePort()
  const server = http.createServer(app)
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise((resolve) => server.close(() => resolve())) }
}

/** Samples the RSS of `pid`'s process tree every 25 ms while `work` runs; the highest seen. */
async function peakRssDuring<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakBytes: number; beforeBytes: number }> {
  const beforeBytes = totalRss(readProcessTree(pid)) ?? 0
  let peakBytes = beforeBytes
  const timer = setInterval(() => {
    peakBytes = Math.max(peakBytes, totalRss(readProcessTree(pid)) ?? 0)
  }, 25)
  try {
    return { result: await work(), peakBytes, beforeBytes }
  } finally {
    clearInterval(timer)
  }
}

const formatMs = (value: number) => formatNumber(value)
const summaryCells = (summary: Summary) => [formatMs(summary.p50), formatMs(summary.p99)]

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2))
  process.chdir(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'))
  ensureServerBuild(progress)
  if (!hasNextBuild()) throw new Error('.next/ has no production build (Next.js\' optimizer runs on it): run npm run build:admin')
  const cleanups: Cleanup[] = []
  try {
    const mediaDir = makeTempDir('folio-bench-images-media-', cleanups)
    const variantsDir = makeTempDir('folio-bench-images-variants-', cleanups)
    const staticDir = makeTempDir('folio-bench-images-static-', cleanups)
    const database = await startLocalDatabase({ dataDir: makeTempDir('folio-bench-images-db-', cleanups), memory: true, log: progress })
    cleanups.push(() => database.stop())
    const databaseUri = withDatabaseName(database.uri, `folio_bench_images_${randomBytes(4).toString('hex')}`)
    const secret = randomBytes(32).toString('hex')
    const folio = await startFolio({ databaseUri, mediaDir, secret, env: { IMAGE_CACHE_DIR: variantsDir, FOLIO_CACHE: 'true' } })
    cleanups.push(() => folio.stop())
    const api = await signInFirstAdmin(folio.url)

    progress(`uploading ${options.images} images (${SOURCE_WIDTH}×${SOURCE_HEIGHT}, half PNG, half JPEG)`)
    const images: { id: string; filename: string; bytes: number; type: string }[] = []
    for (let index = 0; index < options.images; index++) {
      const png = await generateImage(['#1d4ed8', '#f97316'], index + 1, SOURCE_WIDTH, SOURCE_HEIGHT)
      const isJpeg = index % 2 === 1
      const data = isJpeg ? await sharp(png).jpeg({ quality: 88 }).toBuffer() : png
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(data)], { type: isJpeg ? 'image/jpeg' : 'image/png' }), `source-${index + 1}.${isJpeg ? 'jpg' : 'png'}`)
      form.append('_payload', JSON.stringify({ alt: `Source ${index + 1}` }))
      const created = await api('POST', '/api/media', form)
      expectStatus(created, 201, `uploading image ${index + 1}`)
      const doc = (created.body as { doc: { id: string; filename: string } }).doc
      images.push({ id: doc.id, filename: doc.filename, bytes: data.byteLength, type: isJpeg ? 'jpeg' : 'png' })
    }

    progress('starting stock Payload (next start) for Next.js\' image optimizer')
    fs.rmSync('.next/cache/images', { recursive: true, force: true })
    const stock = await startStock({ databaseUri, mediaDir, secret })
    cleanups.push(() => stock.stop())

    const folioPath = (id: string, width: number, format: string) => `/api/media/${id}/image?w=${width}&format=${format}`
    const nextPath = (filename: string, width: number) => `/_next/image?url=${encodeURIComponent(`/api/media/file/${filename}`)}&w=${width}&q=75`

    // Cold: every image × width × format once, one at a time.
    progress('cold transforms, one at a time')
    const cold: Record<string, number[]> = { 'Folio avif': [], 'Folio webp': [], 'Next.js webp': [] }
    const bytes: Record<string, number[]> = { avif: [], webp: [], original: [], 'Next.js webp': [] }
    for (const image of images) {
      for (const width of WIDTHS) {
        for (const format of ['avif', 'webp']) {
          const answer = await fetchBytes(`${folio.url}${folioPath(image.id, width, format)}`)
          if (answer.status !== 200) throw new Error(`Folio answered ${answer.status} for ${folioPath(image.id, width, format)}`)
          cold[`Folio ${format}`].push(answer.ms)
          bytes[format].push(answer.bytes)
          if (format === 'webp') fs.writeFileSync(path.join(staticDir, `${image.id}-${width}.webp`), answer.body)
        }
        const original = await sharp(path.join(mediaDir, image.filename)).resize(width).toFormat(image.type === 'jpeg' ? 'jpeg' : 'png').toBuffer()
        bytes.original.push(original.byteLength)
        const next = await fetchBytes(`${stock.url}${nextPath(image.filename, width)}`, { Accept: ACCEPT })
        if (next.status !== 200) throw new Error(`Next.js answered ${next.status} for ${nextPath(image.filename, width)}: ${next.body.toString().slice(0, 200)}`)
        cold['Next.js webp'].push(next.ms)
        bytes['Next.js webp'].push(next.bytes)
      }
    }

    progress('warm: cached variants under load')
    const folioRequests: LoadRequest[] = images.flatMap((image) => WIDTHS.map((width) => ({ method: 'GET' as const, path: folioPath(image.id, width, 'webp') })))
    const staticRequests: LoadRequest[] = images.flatMap((image) => WIDTHS.map((width) => ({ method: 'GET' as const, path: `/${image.id}-${width}.webp` })))
    const nextRequests: LoadRequest[] = images.flatMap((image) => WIDTHS.map((width) => ({ method: 'GET' as const, path: nextPath(image.filename, width), headers: { accept: ACCEPT } })))
    const staticServer = await startStatic(staticDir)
    cleanups.push(() => staticServer.stop())
    const warm = {
      'Express static, same bytes': await load(staticServer.url, staticRequests, options),
      'Folio, cached variants': await load(folio.url, folioRequests, options),
      'Next.js /_next/image, warm': await load(stock.url, nextRequests, options),
    }

    progress(`burst: ${options.burst} cold transforms at once`)
    const burstRequests = Array.from({ length: options.burst }, (_, index) => {
      const image = images[index % images.length]
      // Widths off the ladder would need signing: the ladder's other steps are cold.
      const width = [320, 480, 768, 960, 1280, 1600, 2560][index % 7]
      return `${folio.url}${folioPath(image.id, width, index % 2 === 0 ? 'avif' : 'webp')}`
    })
    const burst = await peakRssDuring(folio.pid, () => Promise.all(burstRequests.map((url) => fetchBytes(url))))
    const burstStatuses: Record<string, number> = {}
    for (const answer of burst.result) burstStatuses[answer.status] = (burstStatuses[answer.status] ?? 0) + 1

    const staticRps = warm['Express static, same bytes'].requestsPerSecond
    const ratio = warm['Folio, cached variants'].requestsPerSecond / staticRps
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length
    const lines = [
      `Folio images benchmark: ${options.images} source images ${SOURCE_WIDTH}×${SOURCE_HEIGHT} (half PNG, half JPEG q88), widths ${WIDTHS.join(' and ')}.`,
      '',
      'First transforms (cold), one at a time:',
      formatGrid(
        ['renderer', 'requests', 'p50 ms', 'p99 ms'],
        Object.entries(cold).map(([label, values]) => [label, String(values.length), ...summaryCells(summarize(values))]),
        'lrrr',
      ),
      '',
      `Warm, ${options.connections} connections for ${options.duration} s, ${folioRequests.length} URLs in turn (WebP):`,
      formatGrid(
        ['server', 'req/s', 'p50 ms', 'p99 ms', 'vs static', 'responses'],
        Object.entries(warm).map(([label, summary]) => [
          label,
          formatNumber(summary.requestsPerSecond),
          formatMs(summary.p50),
          formatMs(summary.p99),
          `${(summary.requestsPerSecond / staticRps).toFixed(2)}x`,
          Object.entries(summary.statuses)
            .map(([status, count]) => `${status}:${count}`)
            .join(' '),
        ]),
        'lrrrrl',
      ),
      `Target (reported, not asserted): Folio's cached variants >= ${TARGET_STATIC_RATIO}x Express static: ${ratio.toFixed(2)}x, ${ratio >= TARGET_STATIC_RATIO ? 'met' : 'not met'}`,
      '',
      'Bytes per image (mean over images and widths):',
      formatGrid(
        ['form', 'mean bytes', 'vs original'],
        Object.entries(bytes).map(([label, values]) => [label, Math.round(mean(values)).toLocaleString('en'), `${(mean(values) / mean(bytes.original)).toFixed(2)}x`]),
        'lrr',
      ),
      '  original: the source resized to the same width in its own format (PNG or JPEG), as a frontend without transforms would send.',
      '',
      `Burst of ${options.burst} distinct cold transforms at once: server RSS ${toMiB(burst.beforeBytes).toFixed(0)} MiB before, ${toMiB(burst.peakBytes).toFixed(0)} MiB at most during; ` +
        `answers ${Object.entries(burstStatuses)
          .map(([status, count]) => `${status}:${count}`)
          .join(' ')} (503: queue full, Retry-After).`,
    ]
    process.stdout.write(`${lines.join('\n')}\n`)
  } finally {
    progress('cleaning up')
    await cleanUp(cleanups, progress)
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:images failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exitCode = 1
})
