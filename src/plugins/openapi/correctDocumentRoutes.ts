type Responses = Record<string, { $ref?: string } | undefined>
type Spec = { paths?: Record<string, Record<string, unknown>> }

const responsesOf = (operation: unknown): Responses | undefined => (operation as { responses?: Responses } | undefined)?.responses

/**
 * payload-oapi 0.3 swaps the answers of a document's routes: it describes `GET /<collection>/{id}`
 * as answering `{ doc, message }` and `PATCH`/`DELETE` as answering the bare document, where
 * Payload does the opposite. Puts each back.
 */
export function correctDocumentRoutes(spec: Spec): void {
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    if (!path.endsWith('/{id}')) continue
    const read = responsesOf(item.get)
    const writes = [responsesOf(item.patch), responsesOf(item.delete)].filter((responses): responses is Responses => Boolean(responses))
    const readRef = read?.['200']?.$ref
    const writeRef = writes[0]?.['200']?.$ref
    if (!read || !readRef || !writeRef || !readRef.includes('/Mutate') || writeRef.includes('/Mutate')) continue
    read['200'] = { $ref: writeRef }
    for (const responses of writes) responses['200'] = { $ref: readRef }
  }
}
