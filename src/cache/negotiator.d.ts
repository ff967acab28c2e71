// negotiator 1.x (jshttp) ships no types; the part Folio uses.
declare module 'negotiator' {
  type Headers = Record<string, string | string[] | undefined>
  export default class Negotiator {
    constructor(request: { headers: Headers })
    /** The acceptable encodings, best first; `preferred` breaks ties of equal weight. */
    encodings(available?: readonly string[], options?: { preferred?: readonly string[] }): string[]
  }
}
