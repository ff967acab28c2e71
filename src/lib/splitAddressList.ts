/** The addresses of a comma-separated list (`a@x.com, "Team, Sales" <b@x.com>`), empty entries dropped. */
export function splitAddressList(list: string | null | undefined): string[] {
  return (list ?? '')
    .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
    .map((address) => address.trim())
    .filter(Boolean)
}
