/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32), so that a run is the
 * same for the same seed on every machine and request `i` can be generated on its own.
 */
export type Random = {
  /** A float in [0, 1). */
  next: () => number
  /** A whole number in [min, max]. */
  int: (min: number, max: number) => number
  chance: (probability: number) => boolean
  pick: <T>(items: readonly T[]) => T
  /** Picks by weight: `[[weight, value], …]`. */
  weighted: <T>(items: readonly (readonly [number, T])[]) => T
  /** `count` distinct items, in a random order. */
  sample: <T>(items: readonly T[], count: number) => T[]
  hex: (length: number) => string
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x9e3779b9) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

/** One generator per (seed, index): mixing both keeps neighbouring requests unrelated. */
export function createRandom(seed: number, index = 0): Random {
  const mix = splitmix32((seed ^ Math.imul(index + 1, 0x27d4eb2d)) >>> 0)
  let a = mix()
  let b = mix()
  let c = mix()
  let d = mix()
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = ((c << 21) | (c >>> 11)) >>> 0
    c = (c + t) >>> 0
    return t / 4294967296
  }
  for (let i = 0; i < 12; i++) next()

  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[int(0, items.length - 1)]
  }
  const weighted = <T>(items: readonly (readonly [number, T])[]): T => {
    const total = items.reduce((sum, [weight]) => sum + weight, 0)
    let roll = next() * total
    for (const [weight, value] of items) {
      roll -= weight
      if (roll < 0) return value
    }
    return items[items.length - 1][1]
  }
  const sample = <T>(items: readonly T[], count: number): T[] => {
    const copy = [...items]
    for (let i = copy.length - 1; i > 0; i--) {
      const j = int(0, i)
      ;[copy[i], copy[j]] = [copy[j], copy[i]]
    }
    return copy.slice(0, Math.max(0, Math.min(count, copy.length)))
  }
  const hex = (length: number) => Array.from({ length }, () => int(0, 15).toString(16)).join('')
  return { next, int, chance: (probability) => next() < probability, pick, weighted, sample, hex }
}
