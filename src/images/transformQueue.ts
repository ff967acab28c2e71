/** The queue is full: the client should come back after `retryAfterSeconds`. */
export class QueueFullError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many images are being rendered; try again shortly')
  }
}

/**
 * Runs at most `concurrency` renders at once and lets at most `maxWaiting` wait; beyond that a
 * render is refused at once (QueueFullError) instead of piling up. Identical work asked for while
 * it runs or waits (the same key) is done once and shared.
 */
export class TransformQueue {
  private active = 0
  private readonly waiting: (() => void)[] = []
  private readonly inFlight = new Map<string, Promise<unknown>>()

  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
  ) {}

  get running(): number {
    return this.active
  }

  get queued(): number {
    return this.waiting.length
  }

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const shared = this.inFlight.get(key)
    if (shared) return shared as Promise<T>
    if (this.active >= this.concurrency && this.waiting.length >= this.maxWaiting) return Promise.reject(new QueueFullError(1))
    const promise = this.schedule(work).finally(() => this.inFlight.delete(key))
    this.inFlight.set(key, promise)
    return promise
  }

  private async schedule<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve))
    else this.active += 1
    try {
      return await work()
    } finally {
      const next = this.waiting.shift()
      // The slot passes straight to the next waiting render.
      if (next) next()
      else this.active -= 1
    }
  }
}
