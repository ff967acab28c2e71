import { createHash } from 'node:crypto'

import type { Random } from '../random'
import type { Generator, GeneratorInput, GraphQLField, GraphQLSchemaSummary, GraphQLTypeRef, Role } from '../types'
import { MISSING_ID, RawJson, anyRealId, hostileValue, jsonRequest, pickRole, request, toJson } from './shared'

const SCALAR_KINDS = new Set(['SCALAR', 'ENUM'])

/** A GraphQL literal: strings quoted, enums bare (marked with a leading "#enum:"), objects and lists recursed. */
function literal(value: unknown): string {
  if (typeof value === 'string') return value.startsWith('#enum:') ? value.slice(6) : JSON.stringify(value)
  if (value instanceof RawJson) return value.text
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`
  if (value && typeof value === 'object') return `{${Object.entries(value).map(([key, item]) => `${key}: ${literal(item)}`).join(', ')}}`
  return String(value)
}

/** A value for an argument of `type`: usually of the right type with odd content, sometimes of the wrong type. */
function argumentValue(random: Random, schema: GraphQLSchemaSummary, type: GraphQLTypeRef, depth = 0): unknown {
  if (random.chance(0.15)) return random.pick<unknown>(['x', 5, true, null, [], {}, -1, 1.5, new RawJson('99999999999999999999'), new RawJson('1e5000')])
  const one = (): unknown => {
    switch (type.name) {
      case 'Int':
        return random.pick([0, 1, 2, 10, 500, 501, -1, 2147483647, new RawJson('2147483648')])
      case 'Float':
        return random.pick([0, 1.5, -1, new RawJson('1e308')])
      case 'Boolean':
        return random.pick([true, false])
      case 'String':
      case 'ID':
        return random.pick(['', 'x', 'title', '-title', MISSING_ID, 'not-an-id', 'title,-createdAt', 'x'.repeat(2000), '\u0000', '😀'])
      case 'JSON':
      case 'JSONObject':
        return random.pick<unknown>([{}, { a: 1 }, [], 'x', 5, null, { root: null }])
      default: {
        const named = schema.types[type.name]
        if (!named) return 'x'
        if (named.kind === 'ENUM') return random.chance(0.85) && named.enumValues.length ? `#enum:${random.pick(named.enumValues)}` : '#enum:NOT_A_VALUE'
        if (named.kind === 'INPUT_OBJECT' && depth < 3) {
          const object: Record<string, unknown> = {}
          for (const field of random.sample(named.fields, random.int(0, 3))) object[field.name] = argumentValue(random, schema, field.type, depth + 1)
          if (random.chance(0.1)) object.notAField = 1
          return object
        }
        return {}
      }
    }
  }
  return type.list && random.chance(0.7) ? Array.from({ length: random.int(0, 3) }, one) : one()
}

/** A selection set for `typeName`, `depth` levels of objects deep at most. */
function selection(random: Random, schema: GraphQLSchemaSummary, typeName: string, depth: number): string {
  const type = schema.types[typeName]
  if (!type || (type.kind !== 'OBJECT' && type.kind !== 'INTERFACE')) return ''
  const parts: string[] = []
  for (const field of random.sample(type.fields, random.int(1, 5))) {
    if (field.args.some((arg) => arg.type.nonNull)) continue
    if (SCALAR_KINDS.has(field.type.kind)) parts.push(field.name)
    else if (depth > 0) {
      const inner = selection(random, schema, field.type.name, depth - 1)
      if (inner) parts.push(`${field.name} ${inner}`)
    }
  }
  if (parts.length === 0) parts.push('__typename')
  return `{ ${parts.join(' ')} }`
}

function fieldCall(random: Random, schema: GraphQLSchemaSummary, field: GraphQLField, depth: number): string {
  const args = field.args
    .filter((arg) => arg.type.nonNull || random.chance(0.5))
    .map((arg) => `${arg.name}: ${literal(argumentValue(random, schema, arg.type))}`)
  if (random.chance(0.05)) args.push('notAnArgument: 1')
  const inner = SCALAR_KINDS.has(field.type.kind) ? '' : ` ${selection(random, schema, field.type.name, depth) || '{ __typename }'}`
  return `${field.name}${args.length ? `(${args.join(', ')})` : ''}${inner}`
}

/** Variables carry enum values as plain strings. */
function withoutEnumMarks(value: unknown): unknown {
  if (typeof value === 'string') return value.startsWith('#enum:') ? value.slice(6) : value
  if (Array.isArray(value)) return value.map(withoutEnumMarks)
  if (value && typeof value === 'object' && !(value instanceof RawJson)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutEnumMarks(item)]))
  return value
}

const rootFields = (schema: GraphQLSchemaSummary, root: 'query' | 'mutation') => {
  const name = root === 'query' ? schema.queryType : schema.mutationType
  return (name && schema.types[name]?.fields) || []
}

/** POST /api/graphql as JSON, now and then as GET (which Folio caches). */
function graphql(input: GeneratorInput, role: Role, body: Record<string, unknown> | string, options: { allowGet?: boolean } = {}): ReturnType<Generator['make']> {
  const { random } = input
  if (options.allowGet && typeof body === 'object' && typeof body.query === 'string' && body.query.length < 6000 && random.chance(0.25)) {
    const params = new URLSearchParams({ query: body.query })
    if (body.variables !== undefined) params.set('variables', toJson(body.variables))
    if (typeof body.operationName === 'string') params.set('operationName', body.operationName)
    return request(input, { method: 'GET', target: `/api/graphql?${params.toString()}`, role })
  }
  return jsonRequest(input, 'POST', '/api/graphql', role, typeof body === 'string' ? body : toJson(body))
}

const query: Generator = {
  name: 'graphql.query',
  weight: 4,
  make: (input) => {
    const { random, targets } = input
    const fields = random.sample(rootFields(targets.graphql, 'query'), random.int(1, 3))
    const text = `query { ${fields.map((field) => fieldCall(random, targets.graphql, field, random.int(0, 3))).join(' ')} }`
    return graphql(input, pickRole(random), { query: text }, { allowGet: true })
  },
}

const mutation: Generator = {
  name: 'graphql.mutation',
  weight: 3,
  make: (input) => {
    const { random, targets } = input
    const schema = targets.graphql
    // Deleting through GraphQL would remove the seeded documents; deletes are left to REST, on disposable ids.
    const fields = rootFields(schema, 'mutation').filter((field) => !/^delete|^logout|^refreshToken|^resetPassword|^unlock/i.test(field.name))
    if (fields.length === 0) return graphql(input, 'admin', { query: 'mutation { __typename }' })
    const field = random.pick(fields)
    const role = random.weighted<Role>([[3, 'author'], [3, 'admin'], [1, 'editor'], [2, 'anonymous']])
    // Through variables, the data reaches the resolvers as given whenever GraphQL's types allow it.
    const dataArg = field.args.find((arg) => arg.name === 'data')
    if (dataArg && random.chance(0.6)) {
      const dataType = schema.types[dataArg.type.name]
      const data: Record<string, unknown> = {}
      for (const inner of dataType?.fields ?? []) if (inner.type.nonNull || random.chance(0.4)) data[inner.name] = random.chance(0.5) ? argumentValue(random, schema, inner.type) : hostileValue(random)
      const idArg = field.args.find((arg) => arg.name === 'id')
      const collection = field.name.replace(/^(create|update|duplicate)/, '').toLowerCase()
      const id = random.chance(0.7) ? (targets.ids[`${collection}s`]?.[0] ?? targets.ids[collection]?.[0] ?? anyRealId(input)) : MISSING_ID
      const declared = `$data: ${dataArg.type.name}${dataArg.type.nonNull ? '!' : ''}${idArg ? ', $id: String!' : ''}`
      const call = `${field.name}(data: $data${idArg ? ', id: $id' : ''}) ${SCALAR_KINDS.has(field.type.kind) ? '' : selection(random, schema, field.type.name, 1) || '{ __typename }'}`
      const fixedData = withoutEnumMarks(data)
      return graphql(input, role, { query: `mutation Fuzz(${declared}) { ${call} }`, variables: { data: fixedData, ...(idArg ? { id } : {}) }, operationName: 'Fuzz' })
    }
    return graphql(input, role, { query: `mutation { ${fieldCall(random, schema, field, 1)} }` })
  },
}

const fragmentCycle: Generator = {
  name: 'graphql.fragment-cycle',
  make: (input) => {
    const { random, targets } = input
    const root = targets.graphql.queryType
    const text = random.pick([
      `query { ...A } fragment A on ${root} { ...B } fragment B on ${root} { ...A }`,
      `query { ...A } fragment A on ${root} { ...A }`,
      `{ ...A } fragment A on ${root} { __typename ...B } fragment B on ${root} { ...C } fragment C on ${root} { ...A }`,
      `query { ...F0 } ${Array.from({ length: 200 }, (_, i) => `fragment F${i} on ${root} { ...F${(i + 1) % 200} }`).join(' ')}`,
      `query { ...A } fragment A on ${root} { ...B ...B } fragment B on ${root} { __typename }`,
      `query { Posts { docs { ...P } } } fragment P on Post { title categories { ...C } } fragment C on Category { ...C }`,
      `query { ...Missing }`,
      `query { ...A } fragment A on NotAType { __typename }`,
      // Not a cycle, but exponential: each fragment spreads the next one twice.
      `query { ...E0 } ${Array.from({ length: 30 }, (_, i) => `fragment E${i} on ${root} { ...E${i + 1} ...E${i + 1} }`).join(' ')} fragment E30 on ${root} { __typename }`,
    ])
    return graphql(input, pickRole(random), { query: text }, { allowGet: true })
  },
}

const aliases: Generator = {
  name: 'graphql.aliases',
  weight: 2,
  make: (input) => {
    const { random, targets } = input
    const cheap = random.chance(0.8)
    const count = cheap ? random.pick([1000, 2000, 5000, 10_000]) : random.pick([100, 300, 1000])
    const listField = rootFields(targets.graphql, 'query').find((field) => field.name === 'Categories')?.name ?? '__typename'
    const item = (i: number) => (cheap ? `a${i}: __typename` : `a${i}: ${listField === '__typename' ? '__typename' : `${listField}(limit: 1) { totalDocs }`}`)
    const text = random.chance(0.8) ? `{ ${Array.from({ length: count }, (_, i) => item(i)).join(' ')} }` : `{ ${Array.from({ length: count }, () => '__typename').join(' ')} }`
    return graphql(input, pickRole(random), { query: text })
  },
}

const deepNesting: Generator = {
  name: 'graphql.deep-nesting',
  weight: 2,
  make: (input) => {
    const { random } = input
    const levels = random.pick([20, 100, 1000, 5000, 10_000])
    const text = random.pick([
      () => `{ Pages { docs { ${'parent { '.repeat(Math.min(levels, 60))}id${' }'.repeat(Math.min(levels, 60))} } } }`,
      () => `{ Pages { docs { ${'breadcrumbs { doc { '.repeat(Math.min(levels, 30))}id${' } }'.repeat(Math.min(levels, 30))} } } }`,
      () => `{ ${'a { '.repeat(levels)}b${' }'.repeat(levels)} }`,
      () => `{ Posts(where: ${'{ or: ['.repeat(Math.min(levels, 2000))}{}${'] }'.repeat(Math.min(levels, 2000))}) { totalDocs } }`,
      () => `{ Posts(where: { title: { equals: ${'['.repeat(levels)}1${']'.repeat(levels)} } }) { totalDocs } }`,
      () => `{ __schema { types { ${'fields { type { ofType { '.repeat(Math.min(levels, 200))}name${' } } }'.repeat(Math.min(levels, 200))} } } }`,
    ])()
    return graphql(input, pickRole(random), { query: text })
  },
}

const variables: Generator = {
  name: 'graphql.variables',
  weight: 3,
  make: (input) => {
    const { random } = input
    const wrong = random.pick<unknown>(['x', 5, -1, 1.5, true, null, [], {}, [1], { a: 1 }, 'x'.repeat(3000), new RawJson('1e5000'), new RawJson('123456789012345678901234567890')])
    const body = random.pick<() => Record<string, unknown> | string>([
      () => ({ query: 'query Q($limit: Int) { Posts(limit: $limit) { totalDocs } }', variables: { limit: wrong } }),
      () => ({ query: 'query Q($page: Int, $sort: String) { Posts(page: $page, sort: $sort) { docs { id } } }', variables: { page: wrong, sort: wrong } }),
      () => ({ query: 'query Q($where: Post_where) { Posts(where: $where) { totalDocs } }', variables: { where: random.pick<unknown>([wrong, { title: { equals: wrong } }, { title: { like: wrong } }, { or: wrong }, { title: { within: 'x' } }]) } }),
      () => ({ query: 'query Q($id: String!) { Post(id: $id) { title } }', variables: { id: random.chance(0.5) ? wrong : random.pick([MISSING_ID, 'not-an-id', anyRealId(input)]) } }),
      () => ({ query: 'query Q($limit: String) { Posts(limit: $limit) { totalDocs } }', variables: { limit: '5' } }),
      () => ({ query: 'query Q { Posts(limit: $undeclared) { totalDocs } }', variables: { undeclared: 1 } }),
      () => ({ query: 'query Q($a: Int!) { __typename }', variables: random.pick<unknown>([null, 'x', [], 5, {}, { a: null }]) }),
      () => ({ query: 'query Q($draft: Boolean) { Posts(draft: $draft) { docs { title _status } } }', variables: { draft: wrong } }),
      () => ({ query: 'query Q($l: String) { Posts(locale: $l, fallbackLocale: $l) { totalDocs } }', variables: { l: wrong } }),
      () => ({ query: '{ __typename }', variables: 'not json' }),
      () => ({ query: '{ __typename }', variables: '{"a":' }),
      () => ({ query: '{ __typename }', operationName: random.pick<unknown>(['Missing', 5, [], null, '']) }),
      () => ({ query: 'query A { __typename } query B { __typename }' }),
      () => ({ query: 'query A { __typename } query A { __typename }', operationName: 'A' }),
      () => ({ query: random.pick<unknown>([5, null, [], {}, true, ['{ __typename }'], '']) }),
      () => ({}),
      () => toJson([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
      () => toJson(Array.from({ length: 200 }, () => ({ query: '{ Posts { totalDocs } }' }))),
      () => ({ query: '{ __typename }', extensions: { persistedQuery: { version: random.pick<unknown>([1, 2, '1', null]), sha256Hash: random.pick<unknown>(['0'.repeat(64), 'x', 5, null, createHash('sha256').update('{ __typename }').digest('hex')]) } } }),
      () => ({ extensions: { persistedQuery: { version: 1, sha256Hash: random.pick(['0'.repeat(64), 'zz', '', createHash('sha256').update('{ __typename }').digest('hex')]) } } }),
      () => ({ extensions: random.pick<unknown>(['x', 5, [], { persistedQuery: 'x' }, { persistedQuery: [] }]) }),
    ])()
    return graphql(input, pickRole(random), body, { allowGet: true })
  },
}

const introspection: Generator = {
  name: 'graphql.introspection',
  make: (input) => {
    const { random } = input
    const text = random.pick([
      '{ __schema { queryType { name } mutationType { name } types { name kind fields { name args { name type { name kind ofType { name kind ofType { name kind } } } } } } } }',
      '{ __type(name: "Post") { fields { name type { name } } } }',
      `{ __type(name: ${JSON.stringify(random.pick(['', 'x'.repeat(5000), 'Nope', '__Schema']))}) { name } }`,
      '{ __schema { directives { name args { name defaultValue } locations } } }',
      '{ __typename __schema { __typename } }',
    ])
    return graphql(input, pickRole(random), { query: text }, { allowGet: true })
  },
}

const syntax: Generator = {
  name: 'graphql.syntax',
  weight: 2,
  make: (input) => {
    const { random } = input
    const text = random.pick([
      '{',
      '}',
      'query {',
      '{ Posts(limit: ) { docs { id } } }',
      '{ Posts(limit: "x) { totalDocs } }',
      '{ Posts(where: { title: { equals: """unterminated } }) { totalDocs } }',
      '{ Posts(limit: 99999999999999999999) { totalDocs } }',
      '{ Posts(limit: 1e5000) { totalDocs } }',
      '{ Posts(limit: 0) { totalDocs } }',
      '{ Posts(page: 0) { totalDocs } }',
      '{ Posts(page: -1) { totalDocs } }',
      '{ Posts(limit: 100000) { totalDocs } }',
      '{ Posts(pagination: false) { totalDocs } }',
      '{ Posts(sort: "nonexistent") { totalDocs } }',
      '{ Posts(sort: "categories.title") { docs { id } } }',
      `{ Post(id: "${MISSING_ID}") { title } }`,
      '{ Post(id: "not-an-id") { title } }',
      '{ Posts(where: { title: { within: "1,2" } }) { totalDocs } }',
      '{ Posts(where: { title: { near: "1,2" } }) { totalDocs } }',
      '{ Posts(where: { title: { intersects: "x" } }) { totalDocs } }',
      '{ Posts(where: { title: { equals: { a: 1 } } }) { totalDocs } }',
      '{ Posts(where: { publishedAt: { greater_than: "yesterday" } }) { totalDocs } }',
      '{ Posts(where: { id: { in: ["x", 5] } }) { totalDocs } }',
      '{ Posts(where: { categories: { equals: "not-an-id" } }) { totalDocs } }',
      '{ __typename @skip(if: "yes") }',
      `{ __typename ${'@skip(if: false) '.repeat(random.pick([10, 500, 3000]))}}`,
      '{ __typename @unknownDirective }',
      'subscription { __typename }',
      'query { __typename } mutation { __typename }',
      '\u0000',
      '\uFEFF{ __typename }',
      `{ __typename } ${'#'.repeat(100_000)}`,
      `{ a: __typename, ${'b: __typename, '.repeat(200)} }`,
      '{ "x" }',
      `query ${'Q'.repeat(5000)} { __typename }`,
      '{ Posts { docs { title(x: 1) } } }',
      '{ Posts { docs { nope } } }',
      '{ Posts { totalDocs } Posts { totalDocs: hasNextPage } }',
      'mutation { createPost(data: { title: 5 }) { id } }',
      'mutation { createCategory(data: {}) { id } }',
      `mutation { updatePost(id: "${MISSING_ID}", data: { title: "x" }) { id } }`,
      'mutation { loginUser(email: {}, password: "x") { token } }',
      'mutation { loginUser(email: "admin@folio.test", password: "x") { token } }',
      'mutation { forgotPasswordUser(email: "nobody@folio.test") }',
    ])
    return graphql(input, pickRole(random), { query: text }, { allowGet: true })
  },
}

/** GraphQL sent in other shapes: another content type, GET with odd parameters, mutations by GET. */
const transport: Generator = {
  name: 'graphql.transport',
  weight: 2,
  make: (input) => {
    const { random } = input
    const role = pickRole(random)
    return random.pick([
      () => request(input, { method: 'POST', target: '/api/graphql', role, headers: [['Content-Type', 'application/graphql']], body: '{ Posts { totalDocs } }' }),
      () => request(input, { method: 'POST', target: '/api/graphql', role, headers: [['Content-Type', 'text/plain']], body: '{"query":"{ __typename }"}' }),
      () => request(input, { method: 'POST', target: '/api/graphql', role, headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: 'query=%7B__typename%7D' }),
      () => request(input, { method: 'POST', target: '/api/graphql', role, headers: [['Content-Type', 'application/json']], body: '' }),
      () => request(input, { method: 'POST', target: '/api/graphql', role, headers: [['Content-Type', 'application/json']], body: '{"query":' }),
      () => request(input, { method: 'GET', target: `/api/graphql?query=${encodeURIComponent('mutation { createCategory(data: { title: "by get" }) { id } }')}`, role }),
      () => request(input, { method: 'GET', target: '/api/graphql', role }),
      () => request(input, { method: 'GET', target: '/api/graphql?query=', role }),
      () => request(input, { method: 'GET', target: '/api/graphql?query[]=a&query[]=b', role }),
      () => request(input, { method: 'GET', target: `/api/graphql?query=${encodeURIComponent('{ __typename }')}&variables=${random.pick(['x', '%7B', '[]', '5', 'null'])}`, role }),
      () => request(input, { method: 'GET', target: `/api/graphql?query=${encodeURIComponent('{ __typename }')}&extensions=${random.pick(['x', '%7B%22persistedQuery%22%3A5%7D', '[]'])}`, role }),
      () => request(input, { method: 'GET', target: `/api/graphql?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: random.pick(['0'.repeat(64), 'x']) } }))}`, role }),
      () => request(input, { method: random.pick(['PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']), target: '/api/graphql', role }),
      () => request(input, { method: 'GET', target: `/api/graphql?query=${'%7B'.repeat(3000)}`, role }),
    ])()
  },
}

export const graphqlGenerators: Generator[] = [query, mutation, fragmentCycle, aliases, deepNesting, variables, introspection, syntax, transport]
