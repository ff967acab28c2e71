import type { NextFunction, Request, Response } from 'express'

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

function isJsonObject(raw: string): boolean {
  try {
    const value: unknown = JSON.parse(raw)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
  } catch {
    return false
  }
}

/**
 * Payload quietly clamps or ignores out-of-range `depth`, `limit` and `page` (and reads `limit[]=n`
 * as n), and answers a `where` that is not JSON with a 500; a frontend deserves a 400 that names
 * the parameter.
 */
export function validateApiQuery(req: Request, res: Response, next: NextFunction): void {
  const params = new URL(req.originalUrl, 'http://folio.invalid').searchParams
  for (const { name, min, max } of BOUNDS) {
    if ([...params.keys()].some((key) => key.startsWith(`${name}[`))) {
      sendError(res, 400, `Query parameter "${name}" must be a single whole number, not a list or object`, {
        parameter: name,
      })
      return
    }
    const values = params.getAll(name)
    if (values.length === 0) continue
    const raw = values[0]
    const value = Number(raw)
    if (values.length > 1 || raw.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
      sendError(res, 400, `Query parameter "${name}" must be a whole number from ${min} to ${max}`, {
        parameter: name,
        value: values.length > 1 ? values : raw,
      })
      return
    }
  }
  for (const name of JSON_PARAMS) {
    const raw = params.get(name)
    if (raw !== null && raw !== '' && !isJsonObject(raw)) {
      sendError(res, 400, `Query parameter "${name}" must be a JSON object or use bracket syntax (${name}[field][equals]=value)`, {
        parameter: name,
      })
      return
    }
  }
  next()
}
