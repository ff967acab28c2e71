import { APIError } from 'payload'

export class UnknownFieldsError extends APIError<{ unknownFields: string[] }> {
  constructor(unknownFields: string[]) {
    const noun = unknownFields.length === 1 ? 'field' : 'fields'
    super(`Unknown ${noun}: ${unknownFields.join(', ')}`, 400, { unknownFields }, true)
  }
}
