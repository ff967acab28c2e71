import { execFile, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createDocument, type ApiDocument } from '../helpers/documents'
import { startTestServer, type TestServer } from '../helpers/startTestServer'

const ROOT = process.cwd()
const TSC = path.join(ROOT, 'node_modules/.bin/tsc')
const TSX = path.join(ROOT, 'node_modules/.bin/tsx')

let server: TestServer
let post: ApiDocument
let category: ApiDocument
const folders: string[] = []

/** A frontend project of its own in a temporary folder: its package.json, tsconfig, Folio's types and `files`. */
function frontendProject(name: string, files: Record<string, string>, options: { withNodeModules: boolean; types: string[] }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `folio-${name}-`))
  folders.push(dir)
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }, null, 2))
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'es2022', module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'dom'], strict: true, noEmit: true, types: options.types, skipLibCheck: true },
      include: ['*.ts'],
    }),
  )
  fs.copyFileSync(path.join(ROOT, 'payload-types.ts'), path.join(dir, 'folio-types.ts'))
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text)
  if (options.withNodeModules) fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  return dir
}

/** `tsc --noEmit` in the project: its output, or throws with the compiler's errors. */
function typeCheck(dir: string): string {
  try {
    return execFileSync(TSC, ['--noEmit', '-p', dir], { cwd: dir, encoding: 'utf8' })
  } catch (error) {
    throw new Error(`tsc failed in ${dir}:\n${(error as { stdout?: string }).stdout ?? String(error)}`, { cause: error })
  }
}

/** Runs the project's main.ts against the server (in this process: the call must not block it). */
const run = async (dir: string) => JSON.parse((await promisify(execFile)(TSX, ['main.ts', server.url], { cwd: dir, encoding: 'utf8' })).stdout) as unknown

beforeAll(async () => {
  server = await startTestServer('typed-client')
  category = await createDocument(server, 'categories', { title: 'Releases' })
  post = await createDocument(server, 'posts', { title: 'Typed at last', excerpt: 'From a frontend of its own.', _status: 'published', categories: [category.id] })
  await createDocument(server, 'posts', { title: 'Not out yet', slug: 'not-out-yet' })
})

afterAll(async () => {
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true })
  await server?.stop()
})

describe('typed client', () => {
  it('Folio’s generated types compile in a frontend without Payload, and type a plain fetch', async () => {
    const main = `import type { Category, Post } from './folio-types'

declare const process: { argv: string[] }
type List<T> = { docs: T[]; totalDocs: number }

const base = process.argv[2]
const response = await fetch(\`\${base}/api/posts?where[slug][equals]=${post.slug}&depth=1\`)
const list = (await response.json()) as List<Post>
const [found] = list.docs
const categories = (found.categories ?? []).map((category: string | Category) => (typeof category === 'string' ? category : category.title))
const drafts = (await (await fetch(\`\${base}/api/posts?where[slug][equals]=not-out-yet\`)).json()) as List<Post>
console.log(JSON.stringify({ title: found.title, excerpt: found.excerpt, categories, drafts: drafts.totalDocs }))
`
    const wrong = `import type { Post } from './folio-types'

// The types say what a post has: a misspelt field is an error.
export const misspelt = (post: Post) => post.titel
`
    const dir = frontendProject('plain-fetch', { 'main.ts': main }, { withNodeModules: false, types: [] })
    expect(fs.existsSync(path.join(dir, 'node_modules'))).toBe(false)
    typeCheck(dir)
    expect(await run(dir)).toEqual({ title: 'Typed at last', excerpt: 'From a frontend of its own.', categories: ['Releases'], drafts: 0 })

    fs.writeFileSync(path.join(dir, 'wrong.ts'), wrong)
    expect(() => typeCheck(dir)).toThrow(/Property 'titel' does not exist on type 'Post'/)
  })

  it('types Payload’s SDK with Folio’s Config, and the SDK reads Folio', async () => {
    const main = `import { PayloadSDK } from '@payloadcms/sdk'

import type { Config, Post } from './folio-types'

const sdk = new PayloadSDK<Config>({ baseURL: \`\${process.argv[2]}/api\` })
const { docs, totalDocs } = await sdk.find({ collection: 'posts', where: { slug: { equals: '${post.slug}' } }, depth: 1 })
const found: Post = docs[0]
const category = found.categories?.[0]
const byId = await sdk.findByID({ collection: 'categories', id: typeof category === 'string' ? category : category!.id })
const settings = await sdk.findGlobal({ slug: 'site-settings' })
// @ts-expect-error -- no such collection
await sdk.find({ collection: 'not-a-collection' }).catch(() => undefined)
console.log(JSON.stringify({ totalDocs, title: found.title, category: byId.title, siteName: typeof settings.siteName }))
`
    const dir = frontendProject('sdk', { 'main.ts': main }, { withNodeModules: true, types: ['node'] })
    typeCheck(dir)
    expect(await run(dir)).toEqual({ totalDocs: 1, title: 'Typed at last', category: 'Releases', siteName: 'string' })
  })
})
