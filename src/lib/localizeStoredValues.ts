import type { Block, Field } from 'payload'

type Data = Record<string, unknown>

const isPlainObject = (value: unknown): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)

/** A stored value already keyed by locale: `{ en: …, de: … }`. */
export function isLocalizedValue(value: unknown, locales: readonly string[]): boolean {
  if (!isPlainObject(value)) return false
  const keys = Object.keys(value)
  return keys.length > 0 && keys.every((key) => locales.includes(key))
}

export type LocalizeOptions = {
  locales: readonly string[]
  /** The locale a value written before localization was in. */
  defaultLocale: string
  /** Blocks defined once in the config and named by slug in a blocks field. */
  blocks?: readonly Block[]
}

/**
 * Rewrites a document stored before its fields were localized into the localized shape: every
 * localized field's value `v` becomes `{ [defaultLocale]: v }`, inside groups, tabs, arrays and
 * blocks too. Values already keyed by locale are left as they are, so running it twice changes
 * nothing. Mutates `data`; returns the top-level keys it changed.
 */
export function localizeStoredValues(fields: readonly Field[], data: Data, options: LocalizeOptions): Set<string> {
  const changed = new Set<string>()
  walk(fields, data, options, (key) => changed.add(key), undefined)
  return changed
}

function walk(fields: readonly Field[], data: Data, options: LocalizeOptions, mark: (key: string) => void, topKey: string | undefined): void {
  for (const field of fields) {
    switch (field.type) {
      case 'row':
      case 'collapsible':
        walk(field.fields, data, options, mark, topKey)
        continue
      case 'tabs':
        for (const tab of field.tabs) {
          if ('name' in tab && tab.name) visitNamed(tab.name, { ...tab, type: 'group' }, data, options, mark, topKey)
          else walk(tab.fields, data, options, mark, topKey)
        }
        continue
      case 'group':
        if (!('name' in field) || !field.name) {
          walk(field.fields, data, options, mark, topKey)
          continue
        }
        break
      case 'ui':
        continue
    }
    if ('name' in field && field.name && !('virtual' in field && field.virtual)) visitNamed(field.name, field, data, options, mark, topKey)
  }
}

function visitNamed(name: string, field: Field, data: Data, options: LocalizeOptions, mark: (key: string) => void, topKey: string | undefined): void {
  const value = data[name]
  if (value === undefined || value === null) return
  const key = topKey ?? name
  if ('localized' in field && field.localized) {
    if (!isLocalizedValue(value, options.locales)) {
      data[name] = { [options.defaultLocale]: value }
      mark(key)
    }
    // Fields inside a localized group, array or blocks field are localized with it.
    return
  }
  switch (field.type) {
    case 'group':
      if (isPlainObject(value)) walk(field.fields, value, options, mark, key)
      return
    case 'array':
      if (Array.isArray(value)) for (const row of value) if (isPlainObject(row)) walk(field.fields, row, options, mark, key)
      return
    case 'blocks':
      if (!Array.isArray(value)) return
      for (const row of value) {
        if (!isPlainObject(row)) continue
        const block = blockOf(field.blockReferences ?? field.blocks, String(row.blockType), options.blocks)
        if (block) walk(block.fields, row, options, mark, key)
      }
      return
  }
}

function blockOf(blocks: readonly (Block | string)[], slug: string, defined: readonly Block[] = []): Block | undefined {
  for (const block of blocks) {
    const resolved = typeof block === 'string' ? defined.find((candidate) => candidate.slug === block) : block
    if (resolved?.slug === slug) return resolved
  }
  return undefined
}

/**
 * The dotted paths of localized fields reached through named groups and tabs only (not arrays or
 * blocks): the paths an index can be built on, such as `slug` or `meta.title`.
 */
export function localizedIndexablePaths(fields: readonly Field[], prefix = ''): string[] {
  const paths: string[] = []
  for (const field of fields) {
    if (field.type === 'row' || field.type === 'collapsible' || (field.type === 'group' && !('name' in field && field.name))) {
      paths.push(...localizedIndexablePaths(field.fields, prefix))
    } else if (field.type === 'tabs') {
      for (const tab of field.tabs) {
        const named = 'name' in tab && tab.name
        if (named && tab.localized) paths.push(`${prefix}${tab.name}`)
        else paths.push(...localizedIndexablePaths(tab.fields, named ? `${prefix}${tab.name}.` : prefix))
      }
    } else if ('name' in field && field.name) {
      if ('localized' in field && field.localized) paths.push(`${prefix}${field.name}`)
      else if (field.type === 'group') paths.push(...localizedIndexablePaths(field.fields, `${prefix}${field.name}.`))
    }
  }
  return paths
}

/**
 * A stored (localized) document as it reads in one locale: each localized field's value in
 * `locale`, or in `fallbackLocale` when that locale has none (Payload's fallback), inside groups,
 * tabs, arrays and blocks too. Returns a copy; `data` is left as it is.
 */
export function readInLocale(fields: readonly Field[], data: Data, locale: string, fallbackLocale: string, blocks: readonly Block[] = []): Data {
  const copy: Data = { ...data }
  pick(fields, copy, locale, fallbackLocale, blocks)
  return copy
}

const missing = (value: unknown) => value === undefined || value === null || value === ''

function pick(fields: readonly Field[], data: Data, locale: string, fallbackLocale: string, blocks: readonly Block[]): void {
  for (const field of fields) {
    if (field.type === 'row' || field.type === 'collapsible' || (field.type === 'group' && !('name' in field && field.name))) {
      pick(field.fields, data, locale, fallbackLocale, blocks)
      continue
    }
    if (field.type === 'tabs') {
      for (const tab of field.tabs) {
        if ('name' in tab && tab.name) pickNamed(tab.name, { ...tab, type: 'group' }, data, locale, fallbackLocale, blocks)
        else pick(tab.fields, data, locale, fallbackLocale, blocks)
      }
      continue
    }
    if ('name' in field && field.name) pickNamed(field.name, field, data, locale, fallbackLocale, blocks)
  }
}

function pickNamed(name: string, field: Field, data: Data, locale: string, fallbackLocale: string, blocks: readonly Block[]): void {
  let value = data[name]
  if ('localized' in field && field.localized && isPlainObject(value)) {
    const byLocale = value
    value = missing(byLocale[locale]) ? byLocale[fallbackLocale] : byLocale[locale]
    data[name] = value
  }
  if (value === undefined || value === null) return
  switch (field.type) {
    case 'group':
      if (isPlainObject(value)) {
        const group = { ...value }
        pick(field.fields, group, locale, fallbackLocale, blocks)
        data[name] = group
      }
      return
    case 'array':
      if (Array.isArray(value)) data[name] = (value as unknown[]).map((row) => (isPlainObject(row) ? readInLocale(field.fields, row, locale, fallbackLocale, blocks) : row))
      return
    case 'blocks':
      if (Array.isArray(value)) {
        data[name] = (value as unknown[]).map((row) => {
          if (!isPlainObject(row)) return row
          const block = blockOf(field.blockReferences ?? field.blocks, String(row.blockType), blocks)
          return block ? readInLocale(block.fields, row, locale, fallbackLocale, blocks) : row
        })
      }
      return
  }
}
