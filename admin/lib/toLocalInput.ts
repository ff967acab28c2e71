/** A `datetime-local` input's value (the editor's wall clock, to the minute) for `date`. */
export function toLocalInput(date: Date): string {
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)
}
