import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { canonicalTransform, hasValidSignature, ImageParameterError, parseTransform, signTransform } from '@/images/imageParameters'
import { CONTENT_TYPES, negotiateFormat, originalFormat } from '@/images/negotiateFormat'
import { coverCrop } from '@/images/renderImage'
import { QueueFullError, TransformQueue } from '@/images/transformQueue'
import { VariantCache } from '@/images/variantCache'

const parse = (query: string, maxSide = 4096) => parseTransform(new URLSearchParams(query), maxSide)

describe('image parameters', () => {
  it('fill in defaults: one side fits inside, two sides cover, quality 75, format auto', () => {
    expect(parse('w=640').transform).toEqual({ width: 640, height: undefined, fit: 'inside', quality: 75, format: 'auto' })
    expect(parse('w=640&h=360').transform).toEqual({ width: 640, height: 360, fit: 'cover', quality: 75, format: 'auto' })
    expect(parse('h=360&fit=contain&q=40&format=png').transform).toEqual({ width: undefined, height: 360, fit: 'contain', quality: 40, format: 'png' })
    expect(parse('').transform).toEqual({ width: undefined, height: undefined, fit: 'inside', quality: 75, format: 'auto' })
  })

  it('know each preset\'s shape', () => {
    expect(parse('preset=thumbnail').transform).toMatchObject({ width: 320, height: 320, fit: 'cover', format: 'auto' })
    expect(parse('preset=hero').transform).toMatchObject({ width: 1920, height: 960, fit: 'cover', format: 'auto' })
    expect(parse('w=1').transform.width).toBe(1)
    expect(parse('q=1&w=2').transform.quality).toBe(1)
    expect(parse('h=360').canonical).toBe('h=360&fit=inside&q=75&format=auto')
    expect(CONTENT_TYPES).toEqual({ avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg', png: 'image/png' })
  })

  it('take a preset\'s size, fit and format, a format given beside it winning', () => {
    expect(parse('preset=social').transform).toEqual({ width: 1200, height: 630, fit: 'cover', quality: 75, format: 'jpeg', preset: 'social' })
    expect(parse('preset=social&format=webp').transform.format).toBe('webp')
    expect(parse('preset=card').transform).toMatchObject({ width: 768, height: 512, fit: 'cover', format: 'auto' })
  })

  it('open to anyone: presets, and ladder widths alone or with a format; nothing else', () => {
    for (const query of ['preset=card', 'preset=hero&format=avif', 'w=320', 'w=2560&format=webp', 'w=640&v=0123456789abcdef', 'w=640&sig=anything']) {
      expect(parse(query).isOpen, query).toBe(true)
    }
    for (const query of ['w=500', 'w=640&h=480', 'w=640&fit=inside', 'w=640&q=75', 'preset=card&q=50', 'h=320', '', 'format=webp']) {
      expect(parse(query).isOpen, query).toBe(false)
    }
  })

  it('spell a transform one way, whatever the order or the defaults written out', () => {
    expect(parse('format=webp&w=640').canonical).toBe('w=640&fit=inside&q=75&format=webp')
    expect(parse('w=640&fit=inside&q=75&format=webp').canonical).toBe(parse('format=webp&w=640').canonical)
    expect(parse('preset=card&format=avif').canonical).toBe('preset=card&q=75&format=avif')
    expect(canonicalTransform({ width: 10, height: 20, fit: 'contain', quality: 5, format: 'png' })).toBe('w=10&h=20&fit=contain&q=5&format=png')
  })

  it('read the version and the signature apart from the transform', () => {
    const parsed = parse('w=640&v=0123456789abcdef&sig=abc')
    expect(parsed).toMatchObject({ version: '0123456789abcdef', signature: 'abc', canonical: 'w=640&fit=inside&q=75&format=auto' })
  })

  it('refuse, naming the parameter, what is unknown, repeated or out of range', () => {
    const cases: [string, string, string][] = [
      ['w=0', 'w', 'from 1 to 4096'],
      ['w=4097', 'w', 'from 1 to 4096'],
      ['h=-3', 'h', 'whole number'],
      ['w=1e3', 'w', 'whole number'],
      ['w=', 'w', 'whole number'],
      ['q=0', 'q', 'from 1 to 100'],
      ['q=101', 'q', 'from 1 to 100'],
      ['fit=fill', 'fit', 'cover, contain, inside'],
      ['format=tiff', 'format', 'auto, avif, webp, jpeg, png'],
      ['preset=constructor', 'preset', 'thumbnail, card, hero, social'],
      ['preset=card&h=10', 'preset', 'leave out'],
      ['preset=card&fit=cover', 'preset', 'leave out'],
      ['w=320&w=320', 'w', 'more than once'],
      ['size=320', 'size', 'Unknown parameter'],
      ['v=XYZ', 'v', 'content hash'],
      ['v=zz0123456789abcdef', 'v', 'content hash'],
      ['v=0123456789abcdefzz', 'v', 'content hash'],
      ['size=320&w=320', 'size', 'an image takes w, h, fit, q, format, preset, v, sig'],
      ['preset=card&w=320', 'preset', '"w", "h" and "fit"'],
      ['v=abc', 'v', 'content hash'],
    ]
    for (const [query, parameter, words] of cases) {
      let thrown: unknown
      try {
        parse(query)
      } catch (error) {
        thrown = error
      }
      expect(thrown, query).toBeInstanceOf(ImageParameterError)
      expect((thrown as ImageParameterError).parameter, query).toBe(parameter)
      expect((thrown as ImageParameterError).message, query).toContain(words)
    }
    expect(parse('w=8000', 8000).transform.width).toBe(8000)
  })

  it('sign one transform of one document, checked in constant time against its canonical spelling', () => {
    const key = 'k'.repeat(32)
    const signature = signTransform(key, 'doc-1', parse('w=500&h=300&format=webp').transform)
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(hasValidSignature(key, 'doc-1', parse(`format=webp&fit=cover&h=300&w=500&sig=${signature}`))).toBe(true)
    expect(hasValidSignature(key, 'doc-2', parse(`w=500&h=300&format=webp&sig=${signature}`))).toBe(false)
    expect(hasValidSignature(key, 'doc-1', parse(`w=500&h=301&format=webp&sig=${signature}`))).toBe(false)
    expect(hasValidSignature('x'.repeat(32), 'doc-1', parse(`w=500&h=300&format=webp&sig=${signature}`))).toBe(false)
    expect(hasValidSignature(key, 'doc-1', parse('w=500&h=300&format=webp'))).toBe(false)
    expect(hasValidSignature(key, 'doc-1', parse(`w=500&h=300&format=webp&sig=${signature.slice(1)}`))).toBe(false)
  })
})

describe('format negotiation', () => {
  it('picks AVIF, then WebP, then the original, from explicit mentions only', () => {
    expect(negotiateFormat('image/avif,image/webp,*/*', 'image/png')).toBe('avif')
    expect(negotiateFormat('image/webp,*/*', 'image/png')).toBe('webp')
    expect(negotiateFormat('IMAGE/WEBP', 'image/png')).toBe('webp')
    expect(negotiateFormat('image/avif;q=0, image/webp;q=0.5', 'image/jpeg')).toBe('webp')
    expect(negotiateFormat('image/avif;q=0, image/webp;q=0', 'image/jpeg')).toBe('jpeg')
    expect(negotiateFormat('image/webp;foo=bar;q=0.5', 'image/jpeg')).toBe('webp')
    expect(negotiateFormat('*/*', 'image/jpeg')).toBe('jpeg')
    expect(negotiateFormat('image/*', 'image/png')).toBe('png')
    expect(negotiateFormat(undefined, 'image/gif')).toBe('png')
    expect(negotiateFormat('', 'image/webp')).toBe('png')
  })

  it('keeps JPEG as JPEG and gives everything else as PNG', () => {
    expect(originalFormat('image/jpeg')).toBe('jpeg')
    for (const type of ['image/png', 'image/gif', 'image/webp', 'image/avif']) expect(originalFormat(type)).toBe('png')
  })
})

describe('cover crops', () => {
  const source = { width: 1000, height: 500 }

  it('centre on the focal point, moved as little as needed to stay inside the image', () => {
    expect(coverCrop(source, { width: 320, height: 320 }, { x: 50, y: 50 })).toEqual({ scaledWidth: 640, scaledHeight: 320, left: 160, top: 0, width: 320, height: 320 })
    expect(coverCrop(source, { width: 320, height: 320 }, { x: 60, y: 50 })).toMatchObject({ left: 224 })
    expect(coverCrop(source, { width: 320, height: 320 }, { x: 90, y: 50 })).toMatchObject({ left: 320 })
    expect(coverCrop(source, { width: 320, height: 320 }, { x: 0, y: 50 })).toMatchObject({ left: 0 })
    expect(coverCrop(source, { width: 400, height: 100 }, { x: 50, y: 70 })).toEqual({ scaledWidth: 400, scaledHeight: 200, left: 0, top: 90, width: 400, height: 100 })
    expect(coverCrop(source, { width: 400, height: 100 }, { x: 50, y: 100 })).toMatchObject({ top: 100 })
  })

  it('never enlarge: a target larger than the source shrinks, keeping its proportions', () => {
    expect(coverCrop(source, { width: 2000, height: 2000 }, { x: 50, y: 50 })).toEqual({ scaledWidth: 1000, scaledHeight: 500, left: 250, top: 0, width: 500, height: 500 })
    expect(coverCrop(source, { width: 1200, height: 300 }, { x: 50, y: 50 })).toMatchObject({ width: 1000, height: 250, scaledWidth: 1000, scaledHeight: 500 })
  })
})

describe('the render queue', () => {
  const deferred = () => {
    let resolve!: (value: string) => void
    const promise = new Promise<string>((done) => (resolve = done))
    return { promise, resolve }
  }

  it('runs at most `concurrency` at once and starts a waiting one when a slot frees', async () => {
    const queue = new TransformQueue(2, 5)
    const works = [deferred(), deferred(), deferred()]
    const started: number[] = []
    const results = works.map((work, index) =>
      queue.run(`k${index}`, () => {
        started.push(index)
        return work.promise
      }),
    )
    await Promise.resolve()
    expect(started).toEqual([0, 1])
    expect([queue.running, queue.queued]).toEqual([2, 1])
    works[0].resolve('a')
    await results[0]
    await new Promise((resolve) => setImmediate(resolve))
    expect(started).toEqual([0, 1, 2])
    works[1].resolve('b')
    works[2].resolve('c')
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c'])
    expect([queue.running, queue.queued]).toEqual([0, 0])
  })

  it('refuses beyond the waiting room, and shares identical work even when full', async () => {
    const queue = new TransformQueue(1, 1)
    const first = deferred()
    const second = deferred()
    let calls = 0
    const running = queue.run('same', () => {
      calls += 1
      return first.promise
    })
    const waiting = queue.run('other', () => second.promise)
    await expect(queue.run('third', () => Promise.resolve('x'))).rejects.toBeInstanceOf(QueueFullError)
    const shared = queue.run('same', () => {
      calls += 1
      return Promise.resolve('not this')
    })
    first.resolve('rendered')
    second.resolve('other')
    expect(await Promise.all([running, shared, waiting])).toEqual(['rendered', 'rendered', 'other'])
    expect(calls).toBe(1)
    // Done work is not shared any more: the same key runs again.
    expect(await queue.run('same', () => Promise.resolve('again'))).toBe('again')
  })

  it('refuses a render beyond the waiting room with a message for the client and a second to wait', async () => {
    const queue = new TransformQueue(1, 0)
    const first = deferred()
    const running = queue.run('first', () => first.promise)
    await expect(queue.run('second', () => Promise.resolve('x'))).rejects.toMatchObject({
      message: 'Too many images are being rendered; try again shortly',
      retryAfterSeconds: 1,
    })
    first.resolve('done')
    expect(await running).toBe('done')
  })

  it('frees the slot when a render fails', async () => {
    const queue = new TransformQueue(1, 0)
    await expect(queue.run('bad', () => Promise.reject(new Error('broken')))).rejects.toThrow('broken')
    expect(await queue.run('good', () => Promise.resolve('fine'))).toBe('fine')
    expect(queue.running).toBe(0)
  })
})

describe('the variant cache', () => {
  const dirs: string[] = []
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-variant-cache-'))
    dirs.push(dir)
    return dir
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
  })
  const bytes = (size: number, fill = 1) => new Uint8Array(size).fill(fill)

  it('keeps at most its budget, dropping the least recently used first', async () => {
    const dir = tempDir()
    const cache = new VariantCache(dir, 250)
    await cache.open()
    await cache.store('a/1.webp', bytes(100))
    await cache.store('a/2.webp', bytes(100))
    expect(cache.lookup('a/1.webp')).toBe(path.join(dir, 'a/1.webp'))
    await cache.store('b/3.webp', bytes(100))
    expect(cache.lookup('a/2.webp')).toBeUndefined()
    expect(fs.existsSync(path.join(dir, 'a/2.webp'))).toBe(false)
    expect([cache.lookup('a/1.webp'), cache.lookup('b/3.webp')].every(Boolean)).toBe(true)
    expect([cache.size, cache.bytes]).toEqual([2, 200])
  })

  it('keeps everything that fits the budget exactly', async () => {
    const cache = new VariantCache(tempDir(), 200)
    await cache.open()
    await cache.store('a/1.webp', bytes(100))
    await cache.store('a/2.webp', bytes(100))
    expect([cache.lookup('a/1.webp'), cache.lookup('a/2.webp')].every(Boolean)).toBe(true)
    expect(cache.bytes).toBe(200)
  })

  it('counts a file stored again once', async () => {
    const cache = new VariantCache(tempDir(), 1000)
    await cache.open()
    await cache.store('a/1.png', bytes(100))
    await cache.store('a/1.png', bytes(150))
    expect([cache.size, cache.bytes]).toEqual([1, 150])
  })

  it('purges every variant of one source and nothing else', async () => {
    const dir = tempDir()
    const cache = new VariantCache(dir, 1000)
    await cache.open()
    await cache.store('a/1.png', bytes(10))
    await cache.store('a/2.png', bytes(10))
    await cache.store('ab/3.png', bytes(10))
    await cache.purge('a')
    expect([cache.lookup('a/1.png'), cache.lookup('a/2.png')]).toEqual([undefined, undefined])
    expect(cache.lookup('ab/3.png')).toBeDefined()
    expect(fs.existsSync(path.join(dir, 'a'))).toBe(false)
    expect([cache.size, cache.bytes]).toEqual([1, 10])
  })

  it('finds what an earlier run left, oldest first, drops half-written files and keeps to the budget', async () => {
    const dir = tempDir()
    fs.mkdirSync(path.join(dir, 'x'))
    const old = new Date(Date.now() - 60_000)
    for (const [name, size, when] of [['old.png', 100, old], ['new.png', 100, new Date()]] as const) {
      fs.writeFileSync(path.join(dir, 'x', name), bytes(size))
      fs.utimesSync(path.join(dir, 'x', name), when, when)
    }
    fs.writeFileSync(path.join(dir, 'x', 'half.png.tmp-1-abc'), bytes(50))
    const cache = new VariantCache(dir, 150)
    await cache.open()
    expect(cache.lookup('x/old.png')).toBeUndefined()
    expect(cache.lookup('x/new.png')).toBeDefined()
    expect(fs.readdirSync(path.join(dir, 'x'))).toEqual(['new.png'])
    expect(cache.bytes).toBe(100)
  })

  it('counts only variant files from an earlier run: stray files, folders and dangling links are left out', async () => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'README'), 'not a source folder')
    fs.mkdirSync(path.join(dir, 'x', 'nested'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'x', 'kept.png'), bytes(100))
    fs.symlinkSync(path.join(dir, 'x', 'gone.png'), path.join(dir, 'x', 'dangling.png'))
    const cache = new VariantCache(dir, 1000)
    await cache.open()
    expect([cache.size, cache.bytes]).toEqual([1, 100])
    expect(cache.lookup('x/kept.png')).toBe(path.join(dir, 'x/kept.png'))
    expect(cache.lookup('x/nested')).toBeUndefined()
    expect(cache.lookup('x/dangling.png')).toBeUndefined()
  })

  it('evicts a variant whose file was removed by hand without failing the store that evicts it', async () => {
    const dir = tempDir()
    const cache = new VariantCache(dir, 150)
    await cache.open()
    await cache.store('a/1.png', bytes(100))
    fs.rmSync(path.join(dir, 'a/1.png'))
    await cache.store('a/2.png', bytes(100))
    expect([cache.size, cache.bytes, cache.lookup('a/1.png')]).toEqual([1, 100, undefined])
    expect(fs.readdirSync(path.join(dir, 'a'))).toEqual(['2.png'])
  })

  it('purges a source that has no variants without failing', async () => {
    const cache = new VariantCache(tempDir(), 1000)
    await cache.open()
    await cache.store('a/1.png', bytes(10))
    await cache.purge('never-rendered')
    expect([cache.size, cache.bytes]).toEqual([1, 10])
  })

  it('forgets a file that disappeared', async () => {
    const cache = new VariantCache(tempDir(), 1000)
    await cache.open()
    await cache.store('a/1.png', bytes(10))
    cache.forget('a/1.png')
    cache.forget('a/1.png')
    expect([cache.size, cache.bytes, cache.lookup('a/1.png')]).toEqual([0, 0, undefined])
  })
})
