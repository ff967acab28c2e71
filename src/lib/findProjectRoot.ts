import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The nearest folder above `fromUrl` (a module's import.meta.url) that holds a package.json. */
export function findProjectRoot(fromUrl: string): string {
  let dir = path.dirname(fileURLToPath(fromUrl))
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(fromUrl)}`)
    dir = parent
  }
  return dir
}
