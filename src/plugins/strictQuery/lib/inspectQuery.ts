import type { CollectionSlug, FlattenedField, Payload } from 'payload'

import { resolveFieldPath, VERSION_FIELDS, type Resolution } from './resolveFieldPath'

const GEO_OPERATORS = new Set(['near', 'within', 'intersects'])
/** Pattern operators, and the field types a pattern can be matched against. */
const TEXT_OPERATORS = new Set(['like', 'not_like', 'contains'])
const TEXT_FIELDS = new Set(['text', 'textarea', 'email', 'code', 'select', 'radio', 'richText', 'json'])
const LIST_OPERATORS = new Set(['in', 'not_in', 'all'])
/** Fields whose values may be objects in a query (a JSON value, a polymorphic `{ relationTo, value }`). */
const OBJECT_VALUED = new Set(['json', 'relationship', 'upload', 'richText'])

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const isScalar = (value: unknown) => value === null || ['string', 'number', 'boolean'].includes(typeof value)

function hasDollarKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasDollarKey)
  if (!isPlainObject(value)) return false
  return Object.entries(value).some(([key, inner]) => key.startsWith('$') || hasDollarKey(inner))
}

export type QueryTarget = { payload: Payload; fields: FlattenedField[]; isVersions: boolean }

function resolve(target: QueryTarget, path: string): Resolution {
  if (!target.isVersions) return resolveFieldPath(target.payload, target.fields, path)
  if (path.startsWith('version.')) return resolveFieldPath(target.payload, target.fields, path.slice('version.'.length))
  return VERSION_FIELDS.has(path) ? { kind: 'system' } : { kind: 'unknown' }
}

function describe(resolution: Resolution): string {
  return resolution.kind === 'field' ? `a ${resolution.field.type} field` : 'not a geographic field'
}

/** The problem with one `field: { operator: value }` condition, if any. */
function inspectCondition(target: QueryTarget, path: string, operators: unknown): string | undefined {
  if (!isPlainObject(operators)) return undefined // Payload reads a bare value as `equals`, or refuses the path.
  const resolution = resolve(target, path)
  const fieldType = resolution.kind === 'field' ? resolution.field.type : undefined
  for (const [operator, value] of Object.entries(operators)) {
    const where = `where.${path}.${operator}`
    if (hasDollarKey(value)) return `${where}: MongoDB operators ($…) are not accepted; use Folio's operators (equals, in, like, …)`
    if (GEO_OPERATORS.has(operator)) {
      if (fieldType !== 'point') return `${where}: "${operator}" applies to point fields only; "${path}" is ${describe(resolution)}`
      continue
    }
    if (TEXT_OPERATORS.has(operator) && fieldType !== undefined && !TEXT_FIELDS.has(fieldType)) {
      return `${where}: "${operator}" matches text; "${path}" is a ${fieldType} field`
    }
    const objectsAllowed = fieldType === undefined ? resolution.kind === 'open' : OBJECT_VALUED.has(fieldType)
    if (operator === 'exists') {
      if (!(typeof value === 'boolean' || value === 'true' || value === 'false')) return `${where}: must be true or false`
      continue
    }
    if (LIST_OPERATORS.has(operator)) {
      const items = Array.isArray(value) ? value : isPlainObject(value) ? Object.values(value) : [value]
      if (!items.every((item) => isScalar(item) || (objectsAllowed && isPlainObject(item)))) return `${where}: must be a list of values`
      continue
    }
    if (!isScalar(value) && !(objectsAllowed && (isPlainObject(value) || Array.isArray(value)))) return `${where}: must be a single value, not a list or object`
  }
  return undefined
}

/** The first problem in a `where`, walking `and`/`or` groups; undefined when Payload may run it. */
export function inspectWhere(target: QueryTarget, where: unknown, prefix = ''): string | undefined {
  if (where === undefined || where === null) return undefined
  if (!isPlainObject(where)) return `where${prefix}: must be an object of conditions`
  for (const [key, value] of Object.entries(where)) {
    if (key === 'and' || key === 'or' || key === 'AND' || key === 'OR') {
      const groups = Array.isArray(value) ? value : isPlainObject(value) ? Object.values(value) : undefined
      if (!groups) return `where${prefix}.${key}: must be a list of conditions`
      for (const [index, group] of groups.entries()) {
        const problem = inspectWhere(target, group, `${prefix}.${key}.${index}`)
        if (problem) return problem
      }
      continue
    }
    if (key.startsWith('$')) return `where${prefix}.${key}: MongoDB operators ($…) are not accepted`
    const problem = inspectCondition(target, key, value)
    if (problem) return problem
  }
  return undefined
}

/** The first field a `sort` names that the collection does not have. */
export function inspectSort(target: QueryTarget, sort: unknown): string | undefined {
  if (sort === undefined || sort === null) return undefined
  const parts = Array.isArray(sort) ? sort : [sort]
  for (const part of parts) {
    if (typeof part !== 'string') return 'sort: must be field names separated by commas, each optionally preceded by "-"'
    for (const name of part.split(',').map((item) => item.trim().replace(/^[-+]/, ''))) {
      if (!name) return 'sort: names an empty field; give field names separated by commas, each optionally preceded by "-"'
      if (resolve(target, name).kind === 'unknown') return `sort: "${name}" is not a field that can be sorted by`
    }
  }
  return undefined
}

/** The condition paths of a `where`, through its `and`/`or` groups (shapes inspectWhere refuses are skipped). */
function conditionPaths(where: unknown): string[] {
  if (!isPlainObject(where)) return []
  return Object.entries(where).flatMap(([key, value]) => {
    if (key === 'and' || key === 'or' || key === 'AND' || key === 'OR') {
      const groups = Array.isArray(value) ? value : isPlainObject(value) ? Object.values(value) : []
      return groups.flatMap(conditionPaths)
    }
    return [key]
  })
}

/**
 * The first problem in a `joins` argument (`{ <join field>: { where, sort, limit, page, count } | false }`):
 * a join's `where` or `sort` naming a field none of the joined collections has. Payload checks the
 * paths of a join into one collection, but hands those of a join into several (a folder's contents)
 * to the database adapter unchecked, which then fails with a 500.
 */
export function inspectJoins(target: QueryTarget, joins: unknown): string | undefined {
  if (joins === undefined || joins === null || joins === false || joins === 'false') return undefined
  if (!isPlainObject(joins)) return 'joins: must be an object of joins by field name'
  for (const [path, query] of Object.entries(joins)) {
    if (query === false || query === 'false' || query === undefined || query === null) continue
    if (!isPlainObject(query)) return `joins.${path}: must be false or an object of where, sort, limit, page and count`
    const resolution = resolve(target, path)
    // Payload ignores a join the collection does not have.
    if (resolution.kind !== 'field' || resolution.field.type !== 'join') continue
    const slugs = ([] as string[]).concat(resolution.field.collection)
    // Payload's adapter queries a join into several collections by their fields together, the first
    // of each name counting, and each document carries the collection it came from.
    const relationTo: FlattenedField = { name: 'relationTo', type: 'text' }
    const fields: FlattenedField[] = slugs.length > 1 ? [relationTo] : []
    for (const slug of slugs) {
      for (const field of target.payload.collections[slug as CollectionSlug]?.config.flattenedFields ?? []) {
        if (!fields.some((known) => known.name === field.name)) fields.push(field)
      }
    }
    const joined: QueryTarget = { payload: target.payload, fields, isVersions: false }
    const isKnown = (name: string) => resolve(joined, name).kind !== 'unknown'
    const where = query.where
    for (const name of conditionPaths(where)) {
      if (!name.startsWith('$') && !isKnown(name)) return `joins.${path}.where.${name}: "${name}" is not a field of ${slugs.join(' or ')}`
    }
    const problem = inspectWhere(joined, where)
    if (problem) return `joins.${path}.${problem}`
    const sort = query.sort
    if (sort !== undefined && sort !== null) {
      if (typeof sort !== 'string' && !Array.isArray(sort)) return `joins.${path}.sort: must be field names separated by commas, each optionally preceded by "-"`
      for (const name of ([] as unknown[]).concat(sort).flatMap((part) => String(part).split(',')).map((item) => item.trim().replace(/^[-+]/, ''))) {
        if (!name || !isKnown(name)) return `joins.${path}.sort: "${name}" is not a field of ${slugs.join(' or ')} that can be sorted by`
      }
    }
  }
  return undefined
}
