import { ClientError } from '@/errors/ClientError'

/** The id a submission's `form` names (an id, or a populated `{ id }`); a 400 when there is none. */
export function readFormId(form: unknown): string {
  const id = typeof form === 'object' && form !== null && 'id' in form ? form.id : form
  if (typeof id !== 'string' || id === '') throw new ClientError('Missing "form": the id of the form this submission answers')
  return id
}
