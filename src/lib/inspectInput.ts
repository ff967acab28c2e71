import type { FlattenedField } from 'payload'

import { isDocumentId } from './isDocumentId'

type Data = Record<string, unknown>

/** A relation found in the input: the document `id` it names in `collection`. */
export type RelationReference = { path: string; collection: string; id: string }

export type InputProblems = {
  /** Dot-separated paths of keys that name no field. */
  unknownFields: string[]
  /** Relationship and upload values that cannot be a document id. */
  invalidIds: { path: string; value: unknown }[]
  /** Values of the wrong JSON type for their field (a number for a title, one id for a list). */
  invalidValues: { path: string; message: string }[]
  /** Every well-formed relation, for the caller to check that its document exists. */
  relations: RelationReference[]
}

/** Keys Payload itself accepts on writes besides the declared fields. */
// The admin's user forms send `confirm-password` beside `password`.
const SYSTEM_KEYS = new Set(['id', 'createdAt', 'updatedAt', '_status', 'globalType', 'password', 'confirm-password'])
const ROW_KEYS = new Set(['id'])
const BLOCK_KEYS = new Set(['id', 'blockType', 'blockName'])
const STATUSES = new Set(['draft', 'published'])

const isPlainObject = (value: unknown): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value)

const isString = (value: unknown) => typeof value === 'string'

/**
 * Whether a value is Lexical's editor state as Payload stores it: `{ root: { children: [...] } }`,
 * every node an object with a string `type`, every `children` a list of such nodes. Walked without
 * recursion (the body's nesting is bounded already, but not by much).
 */
function isLexicalState(value: unknown): boolean {
  if (!isPlainObject(value) || !isPlainObject(value.root) || !Array.isArray(value.root.children)) return false
  const pending: unknown[] = [value.root]
  while (pending.length > 0) {
    const node = pending.pop()
    if (!isPlainObject(node) || (node !== value.root && typeof node.type !== 'string')) return false
    if (node.children === undefined) continue
    if (!Array.isArray(node.children)) return false
    pending.push(...(node.children as unknown[]))
  }
  return true
}
// Number.isFinite does not convert: it is false for anything but a finite number.
const isNumeric = (value: unknown) => Number.isFinite(value) || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
const isBooleanLike = (value: unknown) => typeof value === 'boolean' || value === 'true' || value === 'false'

/** What each scalar field type takes, besides null; `hasMany` fields take a list of them. */
const SCALARS: Partial<Record<FlattenedField['type'], { test: (value: unknown) => boolean; noun: string }>> = {
  text: { test: isString, noun: 'text' },
  textarea: { test: isString, noun: 'text' },
  email: { test: isString, noun: 'an email address' },
  code: { test: isString, noun: 'text' },
  date: { test: isString, noun: 'a date (ISO 8601 text)' },
  select: { test: isString, noun: 'one of the options' },
  radio: { test: isString, noun: 'one of the options' },
  number: { test: isNumeric, noun: 'a number' },
  checkbox: { test: isBooleanLike, noun: 'true or false' },
  richText: { test: isLexicalState, noun: 'rich text: { root: { children: [nodes, each with a "type"] } }' },
}

function isPoint(value: unknown): boolean {
  return Array.isArray(value) && value.length === 2 && value.every(isNumeric)
}

type Relation = { collection: string | undefined; id: unknown }

/** A relation is an id, a populated document (`{ id }`), or a polymorphic `{ relationTo, value }`; undefined when it is none of these. */
function readRelation(value: unknown, relationTo: string | string[]): Relation | undefined {
  const single = typeof relationTo === 'string' ? relationTo : undefined
  if (typeof value === 'string') return { collection: single, id: value }
  if (!isPlainObject(value)) return undefined
  if ('relationTo' in value) {
    const target = value.relationTo
    const allowed = typeof relationTo === 'string' ? [relationTo] : relationTo
    if (typeof target !== 'string' || !allowed.includes(target)) return undefined
    const inner = isPlainObject(value.value) ? value.value.id : value.value
    return { collection: target, id: inner }
  }
  return { collection: single, id: value.id }
}

type Found = InputProblems

function checkRelations(field: FlattenedField & { type: 'relationship' | 'upload' }, value: unknown, path: string, found: Found): void {
  const hasMany = 'hasMany' in field && field.hasMany === true
  if (hasMany && !Array.isArray(value)) {
    found.invalidValues.push({ path, message: 'must be a list of document ids' })
    return
  }
  if (!hasMany && Array.isArray(value)) {
    found.invalidValues.push({ path, message: 'must be one document id, not a list' })
    return
  }
  for (const item of hasMany ? (value as unknown[]) : [value]) {
    if (item === null || item === undefined || item === '') continue
    const relation = readRelation(item, field.relationTo)
    if (!relation || !isDocumentId(relation.id)) {
      found.invalidIds.push({ path, value: item })
      continue
    }
    if (relation.collection) found.relations.push({ path, collection: relation.collection, id: relation.id })
  }
}

function checkValue(field: FlattenedField, value: unknown, path: string, found: Found): void {
  if (value === null || value === undefined) return
  if (field.type === 'relationship' || field.type === 'upload') {
    checkRelations(field, value, path, found)
    return
  }
  if (field.type === 'point') {
    if (!isPoint(value)) found.invalidValues.push({ path, message: 'must be a [longitude, latitude] pair of numbers' })
    return
  }
  if (field.type === 'group' || field.type === 'tab') {
    if (!isPlainObject(value)) found.invalidValues.push({ path, message: 'must be an object' })
    else walk(field.flattenedFields, value, new Set(), path, found)
    return
  }
  if (field.type === 'array') {
    if (!Array.isArray(value)) found.invalidValues.push({ path, message: 'must be a list of rows' })
    else value.forEach((row, index) => checkRow(field.flattenedFields, row, ROW_KEYS, `${path}.${index}`, found))
    return
  }
  if (field.type === 'blocks') {
    if (!Array.isArray(value)) {
      found.invalidValues.push({ path, message: 'must be a list of blocks' })
      return
    }
    value.forEach((row, index) => {
      const rowPath = `${path}.${index}`
      const block = isPlainObject(row) ? field.blocks.find((candidate) => candidate.slug === row.blockType) : undefined
      if (isPlainObject(row) && !block) {
        found.invalidValues.push({ path: `${rowPath}.blockType`, message: `must be one of: ${field.blocks.map((candidate) => candidate.slug).join(', ')}` })
        return
      }
      checkRow(block?.flattenedFields ?? [], row, BLOCK_KEYS, rowPath, found)
    })
    return
  }
  const scalar = SCALARS[field.type]
  if (!scalar) return
  const hasMany = 'hasMany' in field && field.hasMany === true
  if (hasMany) {
    if (!Array.isArray(value) || !value.every((item) => item === null || scalar.test(item))) {
      found.invalidValues.push({ path, message: `must be a list, each item ${scalar.noun}` })
    }
  } else if (!scalar.test(value)) {
    found.invalidValues.push({ path, message: `must be ${scalar.noun}` })
  }
}

function checkRow(fields: FlattenedField[], row: unknown, allowed: Set<string>, path: string, found: Found): void {
  if (!isPlainObject(row)) {
    found.invalidValues.push({ path, message: 'must be an object' })
    return
  }
  walk(fields, row, allowed, path, found)
}

function walk(fields: FlattenedField[], data: Data, allowed: Set<string>, prefix: string, found: Found): void {
  for (const [key, value] of Object.entries(data)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (allowed.has(key)) {
      if (key === '_status' && value !== undefined && !STATUSES.has(value as string)) found.invalidValues.push({ path, message: 'must be "draft" or "published"' })
      if ((key === 'password' || key === 'confirm-password') && value !== undefined && typeof value !== 'string') found.invalidValues.push({ path, message: 'must be text' })
      if ((key === 'createdAt' || key === 'updatedAt') && value !== undefined && value !== null && (typeof value !== 'string' || Number.isNaN(Date.parse(value)))) {
        found.invalidValues.push({ path, message: 'must be a date (ISO 8601 text)' })
      }
      continue
    }
    const field = fields.find((candidate) => candidate.name === key)
    if (!field) {
      found.unknownFields.push(path)
      continue
    }
    checkValue(field, value, path, found)
  }
}

/**
 * Finds what in `data` the schema cannot take: unknown keys, values of the wrong JSON type,
 * malformed relation ids; and lists the well-formed relations so their existence can be checked.
 */
export function inspectInput(fields: FlattenedField[], data: Data): InputProblems {
  const found: InputProblems = { unknownFields: [], invalidIds: [], invalidValues: [], relations: [] }
  walk(fields, data, SYSTEM_KEYS, '', found)
  return found
}
