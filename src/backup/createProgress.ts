export type Progress = {
  /** Counts `items` (documents or files) and `bytes` done. */
  advance: (items: number, bytes?: number) => void
  /** A step worth a line of its own (a collection finished, indexes created). */
  note: (message: string) => void
  done: (message: string) => void
}

export type ProgressOptions = {
  label: string
  /** Items expected, for the ETA; 0 when unknown. */
  total: number
  log: (message: string) => void
  /** Where a terminal's updating line goes; without a TTY progress is logged as plain lines. */
  stream?: NodeJS.WriteStream
  now?: () => number
}

const TTY_INTERVAL_MS = 100
const LOG_INTERVAL_MS = 5_000

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000)
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`
}

/**
 * Progress of a backup or restore: on a terminal one line rewritten in place (counts, MB, ETA), at most
 * ten times a second; otherwise a plain log line every few seconds, so CI logs and journald stay readable.
 */
export function createProgress({ label, total, log, stream = process.stderr, now = Date.now }: ProgressOptions): Progress {
  const isTTY = Boolean(stream.isTTY)
  const started = now()
  let items = 0
  let bytes = 0
  let lastShown = 0
  let lineShown = false

  const describe = () => {
    const elapsed = now() - started
    const eta = total > 0 && items > 0 && items < total ? `, ETA ${formatDuration((elapsed / items) * (total - items))}` : ''
    const of = total > 0 ? `/${total}` : ''
    return `${label}: ${items}${of} items, ${formatBytes(bytes)}, ${formatDuration(elapsed)}${eta}`
  }
  const clearLine = () => {
    if (lineShown) stream.write('\r\x1b[K')
    lineShown = false
  }
  const show = (force: boolean) => {
    const time = now()
    if (!force && time - lastShown < (isTTY ? TTY_INTERVAL_MS : LOG_INTERVAL_MS)) return
    lastShown = time
    if (isTTY) {
      stream.write(`\r\x1b[K${describe()}`)
      lineShown = true
    } else {
      log(describe())
    }
  }

  return {
    advance: (count, size = 0) => {
      items += count
      bytes += size
      show(false)
    },
    note: (message) => {
      clearLine()
      log(message)
      if (isTTY) show(true)
    },
    done: (message) => {
      clearLine()
      log(`${message} (${items} items, ${formatBytes(bytes)} in ${formatDuration(now() - started)})`)
    },
  }
}
