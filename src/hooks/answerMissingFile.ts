import fs from 'node:fs/promises'
import path from 'node:path'

import type { PayloadRequest } from 'payload'

import { ErrorCode } from '../errors/errorCodes'

type UploadHandlerArgs = { params: { collection: string; filename: string; prefix?: string } }

/**
 * An upload collection's first file handler: a file that is not on disk is a 404 for the client,
 * where Payload would answer 500 and log the absolute disk path. Other requests fall through to
 * Payload's own file serving.
 */
export function answerMissingFile(staticDir: string) {
  const root = path.resolve(staticDir)
  // Payload's handler type is a union of promises; a handler that sometimes answers is cast to it.
  const handler = async (_req: PayloadRequest, { params }: UploadHandlerArgs): Promise<Response | undefined> => {
    const filePath = path.resolve(root, params.filename ?? '')
    if (filePath.startsWith(root + path.sep)) {
      const exists = await fs.stat(filePath).then((stats) => stats.isFile(), () => false)
      if (exists) return undefined
    }
    return Response.json({ errors: [{ message: 'File not found', code: ErrorCode.NotFound }] }, { status: 404 })
  }
  return handler as (req: PayloadRequest, args: UploadHandlerArgs) => Promise<Response>
}
