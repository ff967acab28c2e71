/**
 * Orders two `major.minor.patch` versions (a pre-release such as `1.2.0-beta.1` before its release):
 * negative when `a` is older, positive when newer, 0 when equal.
 */
export function compareVersions(a: string, b: string): number {
  const parse = (version: string) => {
    const [core, prerelease] = version.trim().replace(/^v/, '').split(/-(.*)/s)
    return { parts: core.split('.').map((part) => Number.parseInt(part, 10) || 0), prerelease }
  }
  const left = parse(a)
  const right = parse(b)
  for (let index = 0; index < Math.max(left.parts.length, right.parts.length); index++) {
    const difference = (left.parts[index] ?? 0) - (right.parts[index] ?? 0)
    if (difference !== 0) return difference
  }
  if (left.prerelease === right.prerelease) return 0
  if (!left.prerelease) return 1
  if (!right.prerelease) return -1
  return left.prerelease < right.prerelease ? -1 : 1
}
