import { randomBytes } from 'node:crypto'

import { MongoClient, type Db, type Document } from 'mongodb'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

import { withDatabaseName } from '@/lib/withDatabaseName'

/**
 * The aggregation stages and expressions Payload's folder views use, through the real database
 * server of the run (the local database, or MongoDB when MONGODB_URI names one) with the Node
 * driver, against the answers MongoDB documents: `$set`, `$replaceWith`, dotted paths in
 * `$addFields` and `$lookup`'s `as`, `$sortArray`, `$first`/`$last` of arrays, `$ifNull` with
 * several inputs, `$let`, `$switch`, and the operators around them (`$concatArrays`, `$add`,
 * `$size`, `$gt`, `$slice`, `$cond`, `$map`). Ends with the join Payload builds for a folder's
 * contents, run whole.
 */

let client: MongoClient
let db: Db
const databaseName = `folio_aggregation_${randomBytes(4).toString('hex')}`

beforeAll(async () => {
  client = await MongoClient.connect(withDatabaseName(inject('databaseServer'), databaseName), { serverSelectionTimeoutMS: 10_000 })
  db = client.db(databaseName)
})

afterAll(async () => {
  await db?.dropDatabase()
  await client?.close()
})

/** One document in a fresh collection, the pipeline run over it, the one result (without `_id`). */
async function evaluateOn(document: Document, pipeline: Document[]): Promise<Document> {
  const collection = db.collection(`one_${randomBytes(4).toString('hex')}`)
  await collection.insertOne({ _id: 1, ...document } as Document)
  const results = await collection.aggregate([...pipeline, { $project: { _id: 0 } }]).toArray()
  await collection.drop()
  expect(results).toHaveLength(1)
  return results[0]
}

/** The value of one expression for one document. */
async function expressionValue(document: Document, expression: unknown): Promise<Document> {
  return evaluateOn(document, [{ $project: { _id: 0, value: expression } }])
}

describe('stages MongoDB names that the engine must accept', () => {
  it('runs $set as $addFields, dotted paths setting fields inside embedded documents', async () => {
    const result = await evaluateOn({ a: 1, x: { z: 2 } }, [{ $set: { b: { $add: ['$a', 1] }, 'x.y': 3, 'n.m': 4 } }])
    expect(result).toEqual({ a: 1, b: 2, x: { z: 2, y: 3 }, n: { m: 4 } })
  })

  it('evaluates every field of one $set against the stage input, not against fields set before it', async () => {
    const result = await evaluateOn({ a: 1 }, [{ $set: { a: 10, b: '$a' } }])
    expect(result).toEqual({ a: 10, b: 1 })
  })

  it('merges an embedded document of expressions into the field and removes a field set to a missing value', async () => {
    const result = await evaluateOn({ specs: { doors: 4 }, gone: true }, [{ $set: { specs: { wheels: { $add: [2, 2] } }, gone: '$nothing' } }])
    expect(result).toEqual({ specs: { doors: 4, wheels: 4 } })
  })

  it('evaluates array literals element by element, a missing element becoming null, and leaves out fields without a value', async () => {
    const result = await evaluateOn({ a: 1 }, [{ $set: { list: ['$a', '$none', { keep: '$a', drop: '$none' }], nested: { deeper: { keep: '$a', drop: '$none' } } } }])
    expect(result).toEqual({ a: 1, list: [1, null, { keep: 1 }], nested: { deeper: { keep: 1 } } })
  })

  it('sets a dotted path in every document of an array on the way', async () => {
    const result = await evaluateOn({ items: [{ a: 1 }, { a: 2 }] }, [{ $set: { 'items.flag': true } }])
    expect(result).toEqual({ items: [{ a: 1, flag: true }, { a: 2, flag: true }] })
  })

  it('runs $replaceWith as $replaceRoot', async () => {
    const result = await evaluateOn({ inner: { a: 1, b: [5, 6] } }, [{ $replaceWith: { a: '$inner.a', last: { $last: '$inner.b' } } }])
    expect(result).toEqual({ a: 1, last: 6 })
  })

  it('puts a $lookup with a dotted `as` into an embedded document, next to what is already there', async () => {
    const parents = db.collection('lookup_parents')
    const children = db.collection('lookup_children')
    await parents.insertOne({ _id: 'p', joined: { kept: 1 } } as Document)
    await children.insertMany([{ _id: 'c1', parent: 'p' }, { _id: 'c2', parent: 'p' }, { _id: 'c3', parent: 'other' }] as Document[])
    const [withPipeline] = await parents
      .aggregate([
        { $lookup: { from: 'lookup_children', let: { id: '$_id' }, pipeline: [{ $match: { $expr: { $eq: ['$parent', '$$id'] } } }, { $sort: { _id: 1 } }], as: 'joined.docs.children' } },
      ])
      .toArray()
    const [withFields] = await parents.aggregate([{ $lookup: { from: 'lookup_children', localField: '_id', foreignField: 'parent', as: 'joined.byField' } }]).toArray()
    await parents.drop()
    await children.drop()
    expect(withPipeline).toEqual({
      _id: 'p',
      joined: { kept: 1, docs: { children: [{ _id: 'c1', parent: 'p' }, { _id: 'c2', parent: 'p' }] } },
    })
    expect(withFields.joined).toEqual({ kept: 1, byField: [{ _id: 'c1', parent: 'p' }, { _id: 'c2', parent: 'p' }] })
  })
})

describe('$sortArray', () => {
  const team = [
    { name: 'pat', age: 30, address: { city: 'London' } },
    { name: 'dallas', age: 36, address: { city: 'Palo Alto' } },
    { name: 'charlie', age: 42, address: { city: 'New Brunswick' } },
  ]

  it.each([
    ['a field, ascending', { name: 1 }, ['charlie', 'dallas', 'pat']],
    ['a field, descending', { age: -1 }, ['charlie', 'dallas', 'pat']],
    ['a field of an embedded document', { 'address.city': 1 }, ['pat', 'charlie', 'dallas']],
  ])('sorts documents by %s', async (_label, sortBy, names) => {
    const { value } = await expressionValue({ team }, { $sortArray: { input: '$team', sortBy } })
    expect(value.map((member: { name: string }) => member.name)).toEqual(names)
  })

  it('sorts by a second field where the first is equal', async () => {
    const input = [
      { g: 2, n: 'b' },
      { g: 1, n: 'z' },
      { g: 2, n: 'a' },
    ]
    const { value } = await expressionValue({ input }, { $sortArray: { input: '$input', sortBy: { g: -1, n: 1 } } })
    expect(value).toEqual([
      { g: 2, n: 'a' },
      { g: 2, n: 'b' },
      { g: 1, n: 'z' },
    ])
  })

  it('sorts whole values in BSON order (null, numbers, strings, objects, arrays, booleans), ascending and descending', async () => {
    const input = [3, 'b', true, 1, null, { a: 1 }, [1], 'a', 2.5]
    const ascending = [null, 1, 2.5, 3, 'a', 'b', { a: 1 }, [1], true]
    expect((await expressionValue({ input }, { $sortArray: { input: '$input', sortBy: 1 } })).value).toEqual(ascending)
    expect((await expressionValue({ input }, { $sortArray: { input: '$input', sortBy: -1 } })).value).toEqual([...ascending].reverse())
  })

  it('compares an array sort key as a whole, element by element (no traversal, unlike the $sort stage)', async () => {
    const input = [{ a: [3, 1] }, { a: [2] }, { a: 0 }]
    const { value } = await expressionValue({ input }, { $sortArray: { input: '$input', sortBy: { a: 1 } } })
    expect(value).toEqual([{ a: 0 }, { a: [2] }, { a: [3, 1] }])
  })

  it('reads "a.1" as a field named "1", not as the second element of an array', async () => {
    const input = [{ a: { '1': 1 } }, { a: [9, 9] }, { a: { '1': 5 } }]
    const { value } = await expressionValue({ input }, { $sortArray: { input: '$input', sortBy: { 'a.1': -1 } } })
    expect(value).toEqual([{ a: { '1': 5 } }, { a: { '1': 1 } }, { a: [9, 9] }])
  })

  it('sorts a missing field, a null field and scalars together before every value', async () => {
    const input = [{ a: 2 }, { b: 1 }, { a: null }, 5, { a: 1 }]
    const { value } = await expressionValue({ input }, { $sortArray: { input: '$input', sortBy: { a: 1 } } })
    // MongoDB leaves the order among equal elements unspecified.
    expect(value.slice(0, 3)).toEqual(expect.arrayContaining([{ b: 1 }, { a: null }, 5]))
    expect(value.slice(3)).toEqual([{ a: 1 }, { a: 2 }])
  })

  it('answers null for a null or missing input', async () => {
    expect(await evaluateOn({ n: null }, [{ $project: { fromNull: { $sortArray: { input: '$n', sortBy: 1 } }, fromMissing: { $sortArray: { input: '$m', sortBy: 1 } } } }])).toEqual({
      fromNull: null,
      fromMissing: null,
    })
  })

  it('refuses an input that is not an array', async () => {
    await expect(expressionValue({ s: 'text' }, { $sortArray: { input: '$s', sortBy: 1 } })).rejects.toThrow(/input argument to \$sortArray must be an array/)
  })
})

describe('$first and $last of an array', () => {
  it.each([
    ['an array', [1, 2, 3], { first: 1, last: 3 }],
    ['an empty array (no value)', [], {}],
    ['null', null, { first: null, last: null }],
  ])('of %s', async (_label, array, expected) => {
    expect(await evaluateOn({ array }, [{ $project: { first: { $first: '$array' }, last: { $last: '$array' } } }])).toEqual(expected)
  })

  it('answers null for a missing field and takes the one-argument list form', async () => {
    expect(await evaluateOn({}, [{ $project: { missing: { $first: '$none' }, listForm: { $first: [[7, 8]] } } }])).toEqual({ missing: null, listForm: 7 })
  })

  it('reads through an array of documents on the way', async () => {
    expect(await expressionValue({ counts: [{ result: 4 }] }, { $first: '$counts.result' })).toEqual({ value: 4 })
  })

  it('refuses an argument that is not an array', async () => {
    await expect(expressionValue({ s: 'text' }, { $first: '$s' })).rejects.toThrow(/\$first's argument must be an array, but is string/)
  })

  it('is not evaluated in the branch of $cond not taken', async () => {
    const guarded = { $cond: [{ $isArray: '$s' }, { $first: '$s' }, 'not an array'] }
    expect(await expressionValue({ s: 'text' }, guarded)).toEqual({ value: 'not an array' })
    expect(await expressionValue({ s: ['x'] }, guarded)).toEqual({ value: 'x' })
  })

  it('takes variables bound by $map', async () => {
    expect(await expressionValue({ lists: [[1, 2], [3]] }, { $map: { input: '$lists', as: 'list', in: { $first: '$$list' } } })).toEqual({ value: [1, 3] })
  })

  it('stays the accumulator in $group, while an expression $first in its _id is the array one', async () => {
    const collection = db.collection('group_first')
    await collection.insertMany([
      { _id: 1, tags: ['a', 'x'], n: 1 },
      { _id: 2, tags: ['a'], n: 2 },
      { _id: 3, tags: ['b'], n: 3 },
    ] as Document[])
    const groups = await collection.aggregate([{ $sort: { _id: 1 } }, { $group: { _id: { $first: '$tags' }, firstN: { $first: '$n' } } }, { $sort: { _id: 1 } }]).toArray()
    await collection.drop()
    expect(groups).toEqual([
      { _id: 'a', firstN: 1 },
      { _id: 'b', firstN: 3 },
    ])
  })

  it('works inside $expr of a $match', async () => {
    const collection = db.collection('match_first')
    await collection.insertMany([{ _id: 1, list: [5, 1] }, { _id: 2, list: [1, 5] }, { _id: 3 }] as Document[])
    const matched = await collection.aggregate([{ $match: { $and: [{ $expr: { $gt: [{ $first: '$list' }, 2] } }] } }]).toArray()
    await collection.drop()
    expect(matched).toEqual([{ _id: 1, list: [5, 1] }])
  })
})

describe('the other operators of the folder join', () => {
  it('$ifNull takes several inputs and answers the first neither null nor missing', async () => {
    expect(await expressionValue({ n: null, five: 5 }, { $ifNull: ['$n', '$missing', '$five', 0] })).toEqual({ value: 5 })
    expect(await expressionValue({ n: null }, { $ifNull: ['$n', '$missing', 'fallback'] })).toEqual({ value: 'fallback' })
  })

  it('$add over $ifNull of $first counts what a join counted, and 0 for what it did not', async () => {
    const expression = { $add: [{ $ifNull: [{ $first: '$a.result' }, 0] }, { $ifNull: [{ $first: '$b.result' }, 0] }] }
    expect(await expressionValue({ a: [{ result: 3 }], b: [] }, expression)).toEqual({ value: 3 })
  })

  it('$concatArrays answers null when an input is missing', async () => {
    expect(await expressionValue({ a: [1] }, { $concatArrays: ['$a', '$none'] })).toEqual({ value: null })
    expect(await expressionValue({ a: [1], b: [2, 3] }, { $concatArrays: ['$a', '$b'] })).toEqual({ value: [1, 2, 3] })
  })

  it('$size with $gt against the largest double, and $slice with and without a position', async () => {
    const result = await evaluateOn({ a: [1, 2, 3, 4] }, [
      {
        $project: {
          more: { $gt: [{ $size: '$a' }, Number.MAX_VALUE] },
          firstTwo: { $slice: ['$a', 2] },
          page2: { $slice: ['$a', 2, 2] },
          past: { $slice: ['$a', 6, 2] },
        },
      },
    ])
    expect(result).toEqual({ more: false, firstTwo: [1, 2], page2: [3, 4], past: [] })
  })

  it('$size refuses a missing array', async () => {
    await expect(expressionValue({}, { $size: '$none' })).rejects.toThrow(/\$size must be an array/)
  })

  it('$let binds variables for its `in`, and $switch takes the first true branch or its default', async () => {
    const result = await evaluateOn({ price: 10, list: [3, 4] }, [
      {
        $project: {
          total: { $let: { vars: { head: { $first: '$list' } }, in: { $multiply: ['$price', '$$head'] } } },
          size: { $switch: { branches: [{ case: { $gt: ['$price', 100] }, then: 'large' }, { case: { $gt: ['$price', 5] }, then: 'medium' }], default: 'small' } },
          none: { $switch: { branches: [{ case: false, then: 1 }], default: { $last: '$list' } } },
        },
      },
    ])
    expect(result).toEqual({ total: 30, size: 'medium', none: 4 })
  })

  it('$switch without a matching branch or a default fails', async () => {
    await expect(expressionValue({}, { $switch: { branches: [{ case: false, then: 1 }] } })).rejects.toThrow(/could not find a matching branch/)
  })

  it('runs $set inside $facet and $lookup pipelines', async () => {
    const collection = db.collection('facet_set')
    await collection.insertMany([{ _id: 1, list: [2, 1] }, { _id: 2, list: [4, 3] }] as Document[])
    const [facets] = await collection
      .aggregate([
        { $facet: { sorted: [{ $set: { list: { $sortArray: { input: '$list', sortBy: 1 } } } }, { $sort: { _id: 1 } }], count: [{ $count: 'n' }] } },
      ])
      .toArray()
    const [joined] = await collection
      .aggregate([{ $match: { _id: 1 } }, { $lookup: { from: 'facet_set', pipeline: [{ $set: { top: { $last: '$list' } } }, { $sort: { _id: 1 } }, { $project: { top: 1 } }], as: 'all' } }])
      .toArray()
    await collection.drop()
    expect(facets).toEqual({
      sorted: [
        { _id: 1, list: [1, 2] },
        { _id: 2, list: [3, 4] },
      ],
      count: [{ n: 2 }],
    })
    expect(joined.all).toEqual([
      { _id: 1, top: 1 },
      { _id: 2, top: 3 },
    ])
  })
})

/**
 * The aggregation Payload 3.90's MongoDB adapter builds for a polymorphic join (buildJoinAggregation:
 * a folder's `documentsAndFolders`, over sub-folders and media), as it sends it.
 */
function folderJoin({ limit, page, sort }: { limit: number; page?: number; sort: { field: string; direction: 1 | -1 } }): Document[] {
  const as = 'documentsAndFolders'
  const slugs = [
    { slug: 'payload-folders', collection: 'join_folders' },
    { slug: 'media', collection: 'join_media' },
  ]
  const aliases = slugs.map(({ slug }) => `${as}.docs.${slug}`)
  const pipeline: Document[] = [{ $match: { $and: [{ _id: { $eq: 'root' } }] } }]
  for (const { slug, collection } of slugs) {
    const basePipeline = [{ $addFields: { relationTo: { $literal: slug } } }, { $match: { $and: [{ $expr: { $eq: ['$folder', '$$root_id_'] } }, {}] } }]
    pipeline.push({
      $lookup: {
        as: `${as}.docs.${slug}`,
        from: collection,
        let: { root_id_: '$_id' },
        pipeline: [...basePipeline, { $sort: { [sort.field]: sort.direction } }, { $limit: page ? page * limit : limit }, { $project: { value: '$_id', [sort.field]: 1, relationTo: 1 } }],
      },
    })
    pipeline.push({ $lookup: { as: `${as}.totalDocs.${as}.docs.${slug}`, from: collection, let: { root_id_: '$_id' }, pipeline: [...basePipeline, { $count: 'result' }] } })
  }
  pipeline.push({ $addFields: { [`${as}.docs`]: { $concatArrays: aliases.map((alias) => `$${alias}`) } } })
  pipeline.push({ $addFields: { [`${as}.totalDocs`]: { $add: aliases.map((alias) => ({ $ifNull: [{ $first: `$${as}.totalDocs.${alias}.result` }, 0] })) } } })
  pipeline.push({ $set: { [`${as}.docs`]: { $sortArray: { input: `$${as}.docs`, sortBy: { [sort.field]: sort.direction } } } } })
  pipeline.push({ $addFields: { [`${as}.hasNextPage`]: { $gt: [{ $size: `$${as}.docs` }, limit || Number.MAX_VALUE] } } })
  pipeline.push({ $set: { [`${as}.docs`]: { $slice: [`$${as}.docs`, ...(page ? [(page - 1) * limit, limit] : [limit])] } } })
  return pipeline
}

describe("Payload's folder join, whole", () => {
  beforeAll(async () => {
    await db.collection('join_folders').insertMany([
      { _id: 'root', name: 'Root' },
      { _id: 'f-b', name: 'Beta', folder: 'root' },
      { _id: 'f-d', name: 'Delta', folder: 'root' },
      { _id: 'elsewhere', name: 'Aardvark', folder: 'other' },
    ] as Document[])
    await db.collection('join_media').insertMany([
      { _id: 'm-a', name: 'Alpha', folder: 'root' },
      { _id: 'm-c', name: 'Charlie', folder: 'root' },
      { _id: 'm-e', name: 'Echo', folder: 'root' },
      { _id: 'm-x', name: 'Xray', folder: 'f-b' },
    ] as Document[])
  })

  it('lists a folder’s sub-folders and media together, sorted across both, with the total and whether more follow', async () => {
    const [root] = await db.collection('join_folders').aggregate(folderJoin({ limit: 3, sort: { field: 'name', direction: 1 } })).toArray()
    expect(root.documentsAndFolders).toEqual({
      docs: [
        { _id: 'm-a', name: 'Alpha', relationTo: 'media', value: 'm-a' },
        { _id: 'f-b', name: 'Beta', relationTo: 'payload-folders', value: 'f-b' },
        { _id: 'm-c', name: 'Charlie', relationTo: 'media', value: 'm-c' },
      ],
      totalDocs: 5,
      hasNextPage: true,
    })
  })

  it('answers the second page, descending (whether more follow counts every document fetched, as Payload asks)', async () => {
    const [root] = await db.collection('join_folders').aggregate(folderJoin({ limit: 3, page: 2, sort: { field: 'name', direction: -1 } })).toArray()
    expect(root.documentsAndFolders.docs.map((doc: { name: string }) => doc.name)).toEqual(['Beta', 'Alpha'])
    expect(root.documentsAndFolders.totalDocs).toBe(5)
    expect(root.documentsAndFolders.hasNextPage).toBe(true)
  })
})
