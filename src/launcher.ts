// The entry point compiled to dist/server.js: runs dist/app.js with Node's "production" export
// condition, however Folio was started.
//
// Why: Lexical (the rich-text editor) publishes a "node" build whose entry awaits a dynamic
// import at the top level. On Node 20, loading it through Payload's rich-text package sometimes
// never settles: the process ends with exit code 13 before Folio runs, or hangs. The
// "production" condition selects Lexical's plain production build, which has no such await.
import { spawn } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'

const CONDITION = 'production'

function hasCondition(args: string[]): boolean {
  return args.some(
    (arg, index) =>
      arg === `--conditions=${CONDITION}` ||
      arg === `-C=${CONDITION}` ||
      ((arg === '--conditions' || arg === '-C') && args[index + 1] === CONDITION),
  )
}

const app = fileURLToPath(new URL('./app.js', import.meta.url))

if (hasCondition(process.execArgv) || hasCondition((process.env.NODE_OPTIONS ?? '').split(/\s+/))) {
  await import(pathToFileURL(app).href)
} else {
  // The IPC channel closes when this process dies, however it dies: the app then shuts down
  // instead of running on unsupervised.
  const child = spawn(process.execPath, [...process.execArgv, `--conditions=${CONDITION}`, app, ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}
