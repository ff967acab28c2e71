import fs from 'node:fs'

/** Linux reports CPU time in /proc in USER_HZ ticks, 100 per second on every mainstream architecture. */
const TICKS_PER_SECOND = 100
const IDLE_SAMPLE_MS = 500
/** At most this share of one core, over one sample, counts as idle. */
const IDLE_SHARE = 0.04

/** One process, from /proc/<pid>/status and /proc/<pid>/stat. */
export type ProcessInfo = {
  pid: number
  /** Its program and first arguments, e.g. "node /app/dist/app.js". */
  command: string
  /** Resident set size now (VmRSS). */
  rssBytes: number
  /** The largest resident set size so far (VmHWM). */
  peakBytes: number
  /** CPU time used so far, user and system. */
  cpuSeconds: number
}

function readKilobytes(status: string, field: string): number {
  const match = status.match(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm'))
  return match ? Number(match[1]) * 1024 : 0
}

function readCpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (in parentheses, which may contain spaces): state is field 3,
  // utime and stime fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
}

function readCommand(pid: number): string {
  const [program, ...args] = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)
  const cwd = `${process.cwd()}/`
  // Flags (--conditions=production, …) say little; the script or sub-command says which process it is.
  const words = args.filter((arg) => !arg.startsWith('-')).slice(0, 2).map((arg) => (arg.startsWith(cwd) ? arg.slice(cwd.length) : arg))
  return [program?.split('/').pop() ?? '?', ...words].join(' ')
}

function readChildren(pid: number): number[] {
  const children: number[] = []
  for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
    const text = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim()
    if (text) children.push(...text.split(/\s+/).map(Number))
  }
  return children
}

/**
 * `pid` and all its descendants (Folio's dist/server.js is a launcher that runs the app in a
 * child process; both count). Empty when the process is gone or /proc cannot be read.
 */
export function readProcessTree(pid: number): ProcessInfo[] {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const own: ProcessInfo = {
      pid,
      command: readCommand(pid),
      rssBytes: readKilobytes(status, 'VmRSS'),
      peakBytes: readKilobytes(status, 'VmHWM'),
      cpuSeconds: readCpuSeconds(pid),
    }
    return [own, ...readChildren(pid).flatMap(readProcessTree)]
  } catch {
    return []
  }
}

/** The summed resident memory of some processes, or undefined when there are none. */
export function totalRss(processes: ProcessInfo[]): number | undefined {
  return processes.length === 0 ? undefined : processes.reduce((total, process) => total + process.rssBytes, 0)
}

export const totalCpuSeconds = (processes: ProcessInfo[]) => processes.reduce((total, process) => total + process.cpuSeconds, 0)

export const toMiB = (bytes: number) => bytes / 1024 / 1024

/**
 * Resolves once the processes `list` returns use (almost) no CPU, i.e. have finished the work
 * still under way (requests a load run left in flight keep a slow server busy after it ended),
 * or after `timeoutMs`. Resolves with the time waited, in milliseconds.
 */
export async function waitForIdle(list: () => ProcessInfo[], timeoutMs: number): Promise<number> {
  const startedAt = performance.now()
  let before = totalCpuSeconds(list())
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, IDLE_SAMPLE_MS))
    const after = totalCpuSeconds(list())
    if (after - before <= (IDLE_SHARE * IDLE_SAMPLE_MS) / 1000 || performance.now() - startedAt > timeoutMs) {
      return performance.now() - startedAt
    }
    before = after
  }
}
