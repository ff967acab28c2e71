import type { FlattenedBlock, FlattenedField } from 'payload'

import { isDocumentId } from './isDocumentId'

type Data = Record<string, unknown>

export type InputProblems = {
  /** Dot-separated paths of keys that name no field. */
  unknownFields: string[]
  /** Relationship and upload values that cannot be a document id. */
  invalidIds: { path: string; value: unknown }[]
}

/** Keys Payload itself accepts on writes besides the declared fields. */
// The admin's user forms send `confirm-password` beside `password`.
const SYSTEM_KEYS = new Set(['id', 'createdAt', 'updatedAt', '_status', 'globalType', 'password', 'confirm-password'])
const ROW_KEYS = new Set(['id'])
const BLOCK_KEYS = new Set(['id', 'blockType', 'blockName'])

const isPlainObject = (value: unknown): value is Data =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A relation is an id, a populated document (`{ id }`), or a polymorphic `{ relationTo, value }`. */
function isValidRelation(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true
  if (typeof value === 'string') return isDocumentId(value)
  if (!isPlainObject(value)) return false
  if ('relationTo' in value) return isValidRelation(value.value)
  return isDocumentId(value.id)
}

function walk(fields: FlattenedField[], data: Data, allowed: Set<string>, prefix: string, found: InputProblems): void {
  for (const [key, value] of Object.entries(data)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (allowed.has(key)) continue
    const field = fields.find((candidate) => candidate.name === key)
    if (!field) {
      found.unknownFields.push(path)
      continue
    }
    if (field.type === 'relationship' || field.type === 'upload') {
      const values = Array.isArray(value) ? value : [value]
      for (const relation of values) if (!isValidRelation(relation)) found.invalidIds.push({ path, value: relation })
    } else if ((field.type === 'group' || field.type === 'tab') && isPlainObject(value)) {
      walk(field.flattenedFields, value, new Set(), path, found)
    } else if (field.type === 'array' && Array.isArray(value)) {
      value.forEach((row, index) => {
        if (isPlainObject(row)) walk(field.flattenedFields, row, ROW_KEYS, `${path}.${index}`, found)
      })
    } else if (field.type === 'blocks' && Array.isArray(value)) {
      value.forEach((row, index) => {
        if (!isPlainObject(row)) return
        const block = field.blocks.find((candidate) => candidate.slug === row.blockType) as FlattenedBlock | undefined
        if (block?.flattenedFields) walk(block.flattenedFields, row, BLOCK_KEYS, `${path}.${index}`, found)
      })
    }
  }
}

/** Finds what in `data` the schema cannot take: unknown keys and malformed relation ids. */
export function inspectInput(fields: FlattenedField[], data: Data): InputProblems {
  const found: InputProblems = { unknownFields: [], invalidIds: [] }
  walk(fields, data, SYSTEM_KEYS, '', found)
  return found
}
