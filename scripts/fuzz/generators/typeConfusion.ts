import type { Generator, GeneratorInput, Role } from '../types'
import { SCHEMAS, WRITABLE, isWrongType } from './schema'
import { RawJson, anyRealId, clone, hostileValue, jsonRequest, MISSING_ID, pickId, setPath, toJson } from './shared'

/** Writers most likely to reach each collection's hooks; anonymous and API keys now and then. */
function writerRole(input: GeneratorInput, slug: string): Role {
  const { random } = input
  if (slug === 'form-submissions') return random.weighted<Role>([[2, 'anonymous'], [2, 'admin'], [1, 'editor'], [1, 'author']])
  if (slug === 'posts') return random.weighted<Role>([[4, 'author'], [2, 'admin'], [2, 'editor'], [1, 'apiKey'], [1, 'anonymous']])
  return random.weighted<Role>([[3, 'admin'], [2, 'editor'], [2, 'author'], [1, 'apiKey'], [1, 'anonymous']])
}

/** A hostile value, now and then a relationship id of the wrong collection or one that names nothing. */
function confusingValue(input: GeneratorInput, path: string): unknown {
  const { random } = input
  const isRelationship = /heroImage|image|authors|categories|parent|page|reference\.value|doc$|^form$|media/.test(path)
  if (isRelationship && random.chance(0.35)) return random.pick([anyRealId(input), MISSING_ID, [MISSING_ID], [anyRealId(input)], { relationTo: 'users', value: anyRealId(input) }])
  return hostileValue(random)
}

/** A valid document of `slug` with one path holding the wrong type. */
function confusedDocument(input: GeneratorInput, slug: string): { body: Record<string, unknown>; wrong: boolean } {
  const { random, targets } = input
  const schema = SCHEMAS[slug]
  const body = clone(schema.valid(random, targets))
  const path = random.pick(schema.paths)
  const value = confusingValue(input, path)
  setPath(body, path, value)
  return { body, wrong: isWrongType(slug, path, value) }
}

const QUERY_SUFFIXES = ['', '', '', '?depth=0', '?draft=true', '?autosave=true', '?draft=true&autosave=true', '?locale=xx', '?select[title]=true', '?depth=1&draft=x']

/** Creates with one field of the wrong type. */
const create: Generator = {
  name: 'types.create',
  weight: 4,
  make: (input) => {
    const { random } = input
    // Media are created by uploads (the uploads family); a JSON create only meets "No files were uploaded".
    const slug = random.pick(WRITABLE.filter((name) => name !== 'media'))
    const { body, wrong } = confusedDocument(input, slug)
    return jsonRequest(input, 'POST', `${SCHEMAS[slug].path}${random.pick(QUERY_SUFFIXES)}`, writerRole(input, slug), body, { shouldRefuse: wrong })
  },
}

/** Updates of real documents with one or a few fields of the wrong type. */
const update: Generator = {
  name: 'types.update',
  weight: 4,
  make: (input) => {
    const { random, targets } = input
    const slug = random.pick([...WRITABLE.filter((name) => name !== 'users'), 'site-settings'])
    const schema = SCHEMAS[slug]
    const valid = schema.valid(random, targets)
    const body: Record<string, unknown> = {}
    let wrong = false
    for (const path of random.sample(schema.paths, random.int(1, 3))) {
      const kept = valid[path.split('.')[0]]
      // A copy: the same object at two paths would make the body circular.
      const value = random.chance(0.85) ? confusingValue(input, path) : kept === undefined ? undefined : clone(kept)
      wrong ||= isWrongType(slug, path, value)
      setPath(body, path, value)
    }
    const target = schema.isGlobal ? schema.path : `${schema.path}/${encodeURIComponent(pickId(input, slug, { real: 5, disposable: 2 }))}`
    return jsonRequest(input, schema.isGlobal ? 'POST' : 'PATCH', `${target}${random.pick(QUERY_SUFFIXES)}`, writerRole(input, slug), body, { shouldRefuse: wrong })
  },
}

/** Users are only updated when disposable: a fuzzed password or role on a signed-in account would end the run. */
const updateUser: Generator = {
  name: 'types.update-user',
  make: (input) => {
    const { random, targets } = input
    const body: Record<string, unknown> = {}
    let wrong = false
    for (const path of random.sample(SCHEMAS.users.paths, random.int(1, 2))) {
      const value = confusingValue(input, path)
      wrong ||= isWrongType('users', path, value)
      setPath(body, path, value)
    }
    const id = targets.disposable.users?.length && random.chance(0.8) ? random.pick(targets.disposable.users) : MISSING_ID
    return jsonRequest(input, 'PATCH', `/api/users/${id}`, random.weighted<Role>([[3, 'admin'], [1, 'editor'], [1, 'author']]), body, { shouldRefuse: wrong })
  },
}

/** A body that is not an object at all. */
const wholeBody: Generator = {
  name: 'types.whole-body',
  weight: 2,
  make: (input) => {
    const { random } = input
    const slug = random.pick([...WRITABLE, 'site-settings'])
    const schema = SCHEMAS[slug]
    const body = random.pick<unknown>([[], [schema.valid(random, input.targets)], 'a string', 5, true, null, new RawJson('1e5000'), { data: schema.valid(random, input.targets) }, { _payload: 'x' }])
    const isUpdate = !schema.isGlobal && random.chance(0.4)
    const target = isUpdate ? `${schema.path}/${encodeURIComponent(pickId(input, slug, { real: 2, disposable: 2 }))}` : schema.path
    return jsonRequest(input, isUpdate ? 'PATCH' : 'POST', target, writerRole(input, slug), toJson(body), { shouldRefuse: true })
  },
}

/** Bulk updates restricted to disposable documents, with confused fields. */
const bulkUpdate: Generator = {
  name: 'types.bulk-update',
  make: (input) => {
    const { random, targets } = input
    const slug = random.pick(['posts', 'pages', 'categories', 'redirects'])
    const ids = targets.disposable[slug] ?? []
    const { body, wrong } = confusedDocument(input, slug)
    const id = ids.length ? random.pick(ids) : MISSING_ID
    const extra = random.chance(0.5) ? `&where[and][1][${random.pick(SCHEMAS[slug].queryable)}][exists]=${random.pick(['true', 'false', 'x'])}` : ''
    return jsonRequest(input, 'PATCH', `${SCHEMAS[slug].path}?where[and][0][id][equals]=${id}${extra}`, writerRole(input, slug), body, { shouldRefuse: wrong })
  },
}

export const typeConfusionGenerators: Generator[] = [create, update, updateUser, wholeBody, bulkUpdate]
