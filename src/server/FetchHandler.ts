/** A Fetch-style handler, as Payload's `handleEndpoints` and GraphQL route are: Request in, Response out. */
export type FetchHandler = (request: Request) => Promise<Response>
