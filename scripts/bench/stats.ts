export type Summary = { p50: number; p99: number; max: number }

/** Nearest-rank percentile of already sorted values. */
function percentile(sorted: number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]
}

export function summarize(values: number[]): Summary {
  if (values.length === 0) throw new Error('no samples to summarize')
  const sorted = [...values].sort((a, b) => a - b)
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] }
}

/** Calls `task(i)` for i in [0, count) with at most `concurrency` calls in flight. */
export async function runPool(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < count) await task(next++)
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
}

export type Row = { label: string; folio?: number; direct?: number; unit: string }

const formatNumber = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2))

const cell = (value: number | undefined) => (value === undefined ? '-' : formatNumber(value))

const ratio = (row: Row) => (row.folio === undefined || row.direct === undefined || row.direct === 0 ? '-' : `${(row.folio / row.direct).toFixed(2)}x`)

/** Rows as a fixed-width text table: label, unit, Folio, direct POST, and Folio/direct. */
export function formatTable(rows: Row[]): string {
  const header = ['measure', 'unit', 'Folio', 'direct POST (no Folio)', 'Folio/direct']
  const lines = [header, ...rows.map((row) => [row.label, row.unit, cell(row.folio), cell(row.direct), ratio(row)])]
  const widths = header.map((_, column) => Math.max(...lines.map((line) => line[column].length)))
  const render = (line: string[]) =>
    line.map((text, column) => (column < 2 ? text.padEnd(widths[column]) : text.padStart(widths[column]))).join('  ').trimEnd()
  return [render(lines[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...lines.slice(1).map(render)].join('\n')
}
