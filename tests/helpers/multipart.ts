/** A multipart body as the admin panel and `fetch` clients send uploads: the file plus `_payload` JSON. */
export function uploadForm(file: { data: Buffer; name: string; type: string }, fields: Record<string, unknown>): FormData {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(file.data)], { type: file.type }), file.name)
  form.append('_payload', JSON.stringify(fields))
  return form
}
