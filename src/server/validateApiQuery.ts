import type { NextFunction, Request, Response } from 'express'

import { ErrorCode } from '../errors/errorCodes'
import { MAX_DEPTH, MAX_LIMIT } from '../lib/queryLimits'
import { sendError } from './sendError'

type Bounds = { name: string; min: number; max: number }

const BOUNDS: Bounds[] = [
  { name: 'depth', min: 0, max: MAX_DEPTH },
  // 0 means "no limit" to Payload: the admin's bulk edits send it; the queryLimits plugin decides who may.
  { name: 'limit', min: 0, max: MAX_LIMIT },
  { name: 'page', min: 1, max: 1_000_000 },
]

/** Query parameters Payload accepts as a JSON string as well as in bracket form. */
const JSON_PARAMS = ['where', 'data']

/** Parameters that are one plain string (`sort=-publishedAt,title`), never a list or object. */
const SCALAR_PARAMS = ['sort', 'draft', 'locale', 'fallback-locale', 'trash', 'pagination', 'q', 'path', 'html']

const MAX_QUERY_LENGTH = 8192

/** One field to sort by: a dot-separated path, optionally preceded by - (descending) or +. */
const SORT_FIELD = /^[-+]?[A-Za-z_$][\w$]*(?:\.[\w$]+)*$/

function isJsonObject(raw: string): boolean {
  try {
    const value: unknown = JSON.parse(raw)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
  } catch {
    return false
  }
}

/** What is wrong with a query string: the 400's message and data. */
export type QueryProblem = { message: string; data: Record<string, unknown> }

/**
 * Payload quietly clamps or ignores out-of-range `depth`, `limit` and `page` (and reads `limit[]=n`
 * as n), reads `sort[]=a&sort[]=b` as an array it then fails on, and answers a `where` that is not
 * JSON with a 500; a frontend deserves a 400 that names the parameter.
 */
export function validateApiQuery(locales?: readonly string[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const problem = findQueryProblem(req.originalUrl, locales)
    if (problem) sendError(res, 400, problem.message, { code: ErrorCode.InvalidQuery, data: problem.data })
    else next()
  }
}

/** `fallback-locale` values that switch the fallback off. */
const NO_FALLBACK = ['none', 'null', 'false']

/**
 * What is wrong with `locale` and `fallback-locale`: Payload reads an unknown locale as the default
 * one, so `locale=fr` would quietly answer in English.
 */
function findLocaleProblem(params: URLSearchParams, locales: readonly string[]): QueryProblem | undefined {
  const locale = params.get('locale')
  if (locale !== null && !locales.includes(locale) && locale !== 'all' && locale !== '*') {
    return { message: `Query parameter "locale" must be one of ${[...locales, 'all'].join(', ')}`, data: { parameter: 'locale', value: locale, locales } }
  }
  const fallback = params.get('fallback-locale')
  if (fallback !== null && !locales.includes(fallback) && !NO_FALLBACK.includes(fallback)) {
    return { message: `Query parameter "fallback-locale" must be one of ${[...locales, 'none'].join(', ')}`, data: { parameter: 'fallback-locale', value: fallback, locales } }
  }
  return undefined
}

/**
 * The first thing wrong with a request URL's query string, or undefined when Folio can run it.
 * `locales` are Folio's content languages, when it has them.
 */
export function findQueryProblem(requestUrl: string, locales?: readonly string[]): QueryProblem | undefined {
  const refuse = (message: string, data: Record<string, unknown>): QueryProblem => ({ message, data })
  const search = requestUrl.includes('?') ? requestUrl.slice(requestUrl.indexOf('?') + 1) : ''
  if (search.length > MAX_QUERY_LENGTH) {
    return refuse(`The query string must be at most ${MAX_QUERY_LENGTH} characters`, { length: search.length })
  }
  const params = new URLSearchParams(search)
  const keys = [...params.keys()]
  for (const { name, min, max } of BOUNDS) {
    if (keys.some((key) => key.startsWith(`${name}[`))) {
      return refuse(`Query parameter "${name}" must be a single whole number, not a list or object`, { parameter: name })
    }
    const values = params.getAll(name)
    if (values.length === 0) continue
    const raw = values[0]
    const value = Number(raw)
    if (values.length > 1 || raw.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
      return refuse(`Query parameter "${name}" must be a whole number from ${min} to ${max}`, { parameter: name, value: values.length > 1 ? values : raw })
    }
  }
  for (const name of SCALAR_PARAMS) {
    if (params.getAll(name).length > 1 || keys.some((key) => key.startsWith(`${name}[`))) {
      return refuse(`Query parameter "${name}" must be given once, as one value${name === 'sort' ? ' (several fields separated by commas: sort=-publishedAt,title)' : ''}`, { parameter: name })
    }
  }
  const sort = params.get('sort')
  if (sort !== null && !sort.split(',').every((part) => SORT_FIELD.test(part.trim()))) {
    return refuse('Query parameter "sort" must name fields, separated by commas, each optionally preceded by "-" (sort=-publishedAt,title)', { parameter: 'sort', value: sort })
  }
  for (const name of JSON_PARAMS) {
    const raw = params.get(name)
    if (raw !== null && raw !== '' && !isJsonObject(raw)) {
      return refuse(`Query parameter "${name}" must be a JSON object or use bracket syntax (${name}[field][equals]=value)`, { parameter: name })
    }
  }
  return locales ? findLocaleProblem(params, locales) : undefined
}
