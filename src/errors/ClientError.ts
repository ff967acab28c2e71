import { APIError } from 'payload'

/** A request Folio refuses for a reason the client can fix (4xx); logged at info, not as a server error. */
export class ClientError extends APIError {
  constructor(message: string, status: 400 | 404 | 409 | 422 | 429 = 400) {
    super(message, status, undefined, true)
  }
}
