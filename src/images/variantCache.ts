import fs from 'node:fs/promises'
import path from 'node:path'

type Entry = { bytes: number }

/**
 * Rendered variants on disk, at most `maxBytes` of them, the least recently used evicted first.
 * One folder per source (its content hash), so replacing or deleting a source drops its variants
 * at once. Files are written under a temporary name and renamed: a reader never sees half a file.
 * The order of use lives in memory; after a restart, files count as used in their write order.
 */
export class VariantCache {
  private readonly entries = new Map<string, Entry>()
  private totalBytes = 0

  constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
  ) {}

  /** Reads what an earlier run left, oldest first. */
  async open(): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true })
    const found: { key: string; bytes: number; mtimeMs: number }[] = []
    for (const source of await fs.readdir(this.dir, { withFileTypes: true })) {
      if (!source.isDirectory()) continue
      for (const name of await fs.readdir(path.join(this.dir, source.name))) {
        const file = path.join(this.dir, source.name, name)
        if (name.includes('.tmp-')) {
          await fs.rm(file, { force: true })
          continue
        }
        const stats = await fs.stat(file).catch(() => undefined)
        if (stats?.isFile()) found.push({ key: `${source.name}/${name}`, bytes: stats.size, mtimeMs: stats.mtimeMs })
      }
    }
    found.sort((a, b) => a.mtimeMs - b.mtimeMs)
    for (const { key, bytes } of found) this.remember(key, bytes)
    await this.evict()
  }

  get bytes(): number {
    return this.totalBytes
  }

  get size(): number {
    return this.entries.size
  }

  /** The file of a variant, marked as just used, or undefined when it is not cached. */
  lookup(key: string): string | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    this.entries.delete(key)
    this.entries.set(key, entry)
    return this.fileOf(key)
  }

  async store(key: string, data: Uint8Array): Promise<void> {
    const file = this.fileOf(key)
    await fs.mkdir(path.dirname(file), { recursive: true })
    const temporary = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`
    await fs.writeFile(temporary, data)
    await fs.rename(temporary, file)
    this.remember(key, data.byteLength)
    await this.evict()
  }

  /** A cached file that disappeared (removed by hand, another instance): forgotten. */
  forget(key: string): void {
    const entry = this.entries.get(key)
    if (!entry) return
    this.entries.delete(key)
    this.totalBytes -= entry.bytes
  }

  /** Drops every variant of one source. */
  async purge(source: string): Promise<void> {
    for (const key of [...this.entries.keys()]) if (key.startsWith(`${source}/`)) this.forget(key)
    await fs.rm(path.join(this.dir, source), { recursive: true, force: true })
  }

  private fileOf(key: string): string {
    return path.join(this.dir, key)
  }

  private remember(key: string, bytes: number): void {
    this.forget(key)
    this.entries.set(key, { bytes })
    this.totalBytes += bytes
  }

  private async evict(): Promise<void> {
    for (const key of this.entries.keys()) {
      if (this.totalBytes <= this.maxBytes) return
      this.forget(key)
      await fs.rm(this.fileOf(key), { force: true })
    }
  }
}
