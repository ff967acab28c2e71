import type { Random } from '../random'
import type { Generator, GeneratorInput } from '../types'
import { SCHEMAS } from './schema'
import { COLLECTIONS, MISSING_ID, RawJson, pickRole, queryString, request, toJson } from './shared'

const OPERATORS = [
  'equals', 'not_equals', 'in', 'not_in', 'all', 'exists', 'greater_than', 'greater_than_equal', 'less_than', 'less_than_equal',
  'like', 'not_like', 'contains', 'within', 'intersects', 'near', '$gt', '$ne', '$regex', '$where', '$expr', 'EQUALS', 'resembles', '',
]

const VALUES = [
  '', 'x', 'true', 'false', 'null', '1', '-1', '0', '1e5000', '1,2', '1,2,3,4', '1,2,3', '-200,300', 'NaN', 'Infinity', '[]', '{}', '[1,2]',
  '{"type":"Point","coordinates":[1,2]}', '{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,0]]]}', '.*', '(', '[', '\\', '^(a+)+$', '%', '_',
  MISSING_ID, 'not-an-id', '2026-01-01', 'yesterday', 'x'.repeat(5000), '😀', 'published', 'draft',
]

function fieldsOf(collection: string): string[] {
  return [...(SCHEMAS[collection]?.queryable ?? ['title', 'name']), 'id', 'createdAt', 'updatedAt', '_status', 'nonexistent', 'title.nested', '__proto__', 'constructor', '$where', 'a'.repeat(300)]
}

/** One `where[...]` condition in bracket syntax: a field, an operator and a value in one of many shapes. */
function bracketCondition(random: Random, prefix: string, field: string): [string, string][] {
  const operator = random.pick(OPERATORS)
  const key = `${prefix}[${field}][${operator}]`
  return random.weighted<() => [string, string][]>([
    [6, () => [[key, random.pick(VALUES)]]],
    [2, () => [[`${key}[]`, random.pick(VALUES)], [`${key}[]`, random.pick(VALUES)]]],
    [2, () => [[`${key}[${random.pick(['$gt', '$ne', 'equals', 'in', '0', 'a'])}]`, random.pick(VALUES)]]],
    [1, () => [[`${key}[0]`, 'a'], [`${key}[1]`, 'b']]],
    [1, () => [[`${key}[x][y][z]`, 'deep']]],
    [1, () => [[`${prefix}[${field}]`, random.pick(VALUES)]]],
    [1, () => [[`${prefix}[${field}][${operator}]`, random.pick(VALUES)], [`${prefix}[${field}][${operator}]`, random.pick(VALUES)]]],
  ])()
}

/** Bracket-syntax where clauses: single conditions, operators inside operators, lists where one value belongs. */
const bracket: Generator = {
  name: 'where.bracket',
  weight: 5,
  make: (input) => {
    const { random } = input
    const collection = random.weighted([[3, random.pick(['posts', 'pages', 'categories', 'users', 'media', 'redirects', 'forms', 'form-submissions'])], [1, random.pick(COLLECTIONS)]])
    const pairs: [string, string][] = []
    for (let i = random.int(1, 3); i > 0; i--) pairs.push(...bracketCondition(random, 'where', random.pick(fieldsOf(collection))))
    const suffix = random.weighted([[6, ''], [1, '/count'], [1, '/versions']])
    return request(input, { method: 'GET', target: `/api/${collection}${suffix}${queryString(pairs)}`, role: pickRole(random) })
  },
}

/** and/or combinators: malformed, deep, wide. */
const combinators: Generator = {
  name: 'where.combinators',
  weight: 2,
  make: (input) => {
    const { random } = input
    const collection = random.pick(['posts', 'pages', 'categories', 'users'])
    const field = () => random.pick(fieldsOf(collection))
    const pairs: [string, string][] = random.pick<() => [string, string][]>([
      () => [['where[or]', 'x']],
      () => [['where[and][x][title][equals]', 'a']],
      () => [['where[or][0]', 'x']],
      () => [['where[or][0][or][0][and][0][title][equals]', 'x']],
      () => [[`where${'[or][0]'.repeat(random.int(10, 60))}[${field()}][equals]`, 'x']],
      () => Array.from({ length: random.int(50, 400) }, (_, i): [string, string] => [`where[or][${i}][${field()}][equals]`, `v${i}`]),
      () => [['where[or][999999][title][equals]', 'x']],
      () => [['where[and][-1][title][equals]', 'x']],
      () => [['where[AND][0][title][equals]', 'x']],
      () => [['where[or][0][title][equals]', 'x'], ['where[or][0]', 'y']],
      () => bracketCondition(random, `where[or][0][and][${random.int(0, 3)}]`, field()),
    ])()
    return request(input, { method: 'GET', target: `/api/${collection}${queryString(pairs)}`, role: pickRole(random) })
  },
}

/** A where sent as one JSON string, or its shape in JSON. */
const json: Generator = {
  name: 'where.json',
  weight: 3,
  make: (input) => {
    const { random } = input
    const collection = random.pick(['posts', 'pages', 'categories', 'users', 'media', 'redirects'])
    const field = random.pick(fieldsOf(collection))
    const value = random.pick<unknown>([
      'x', 5, true, null, [], ['a', 'b'], {}, { $gt: '' }, { equals: { $gt: '' } }, [1, 2], { type: 'Point', coordinates: [1, 2] },
      new RawJson('1e5000'), new RawJson(`${'['.repeat(5000)}${']'.repeat(5000)}`),
    ])
    const where = random.pick<unknown>([
      { [field]: { [random.pick(OPERATORS)]: value } },
      { [field]: value },
      { or: value },
      { and: [{ [field]: { equals: value } }, value] },
      { or: Array.from({ length: 300 }, () => ({ [field]: { equals: 'x' } })) },
      JSON.parse('{"__proto__":{"title":{"equals":"x"}}}'),
      new RawJson(`${'{"or":[{"and":['.repeat(500)}{}${']}]}'.repeat(500)}`),
    ])
    const text = random.chance(0.9) ? toJson(where) : random.pick(['[]', '"x"', '5', 'null', '{', '{"a":1}x', '{"a":1,"a":{"equals":2}}'])
    return request(input, { method: 'GET', target: `/api/${collection}${queryString([['where', text], ...(random.chance(0.3) ? ([['depth', '0']] as [string, string][]) : [])])}`, role: pickRole(random) })
  },
}

/** sort, select and populate in every shape Payload does not expect. */
const sortSelect: Generator = {
  name: 'where.sort-select',
  weight: 3,
  make: (input: GeneratorInput) => {
    const { random } = input
    const collection = random.weighted([[3, random.pick(['posts', 'pages', 'categories', 'users', 'media'])], [1, random.pick(COLLECTIONS)]])
    const field = () => random.pick(fieldsOf(collection))
    const pairs: [string, string][] = random.pick<() => [string, string][]>([
      () => [['sort[]', field()], ['sort[]', `-${field()}`]],
      () => [['sort[0]', field()], ['sort[1]', field()]],
      () => [[`sort[${field()}]`, random.pick(['1', '-1', 'asc'])]],
      () => [['sort', field()], ['sort', field()]],
      () => [['sort', `${field()},${field()},${field()}`]],
      () => [['sort', random.pick(['', '-', ',', '-,', '+title', ' title', 'title ', '$natural', 'meta.image.alt', 'categories.slug', 'authors.email', 'breadcrumbs.url'])]],
      () => [[`select[${field()}]`, 'true'], [`select[${field()}][${field()}]`, 'false']],
      () => [[`select[${field()}]`, random.pick(['1', 'x', '', 'null'])]],
      () => [['select[]', 'title']],
      () => [[`populate[${random.pick(['categories', 'media', 'users', 'pages', 'nope'])}][${field()}]`, random.pick(['true', 'false', 'x'])]],
      () => [['populate[]', 'x']],
      () => [['joins', 'x']],
      () => [[`joins[${field()}][sort]`, '-x'], [`joins[${field()}][where][a][equals]`, 'b']],
    ])()
    const suffix = random.weighted([[5, ''], [1, '/versions'], [1, '/count']])
    return request(input, { method: 'GET', target: `/api/${collection}${suffix}${queryString(pairs)}`, role: pickRole(random) })
  },
}

export const whereGenerators: Generator[] = [bracket, combinators, json, sortSelect]
