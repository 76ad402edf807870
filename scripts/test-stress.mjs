#!/usr/bin/env node
/**
 * `npm run test:stress [-- --runs=N --burners=K --maxWorkers=W]`: run the
 * `unit` and `ui` jest projects N times (default 5) while K busy-loop worker
 * threads (default: one per core) keep the CPU saturated, as on a busy
 * shared machine. Stops at the first failing run (its jest output is shown);
 * prints each run's wall time and the total. Exit code 0 only if every run
 * passed.
 *
 * The point is the suite's waits: a test that waits on time instead of on
 * state (or code with a race such as a stale closure) fails here long before
 * it fails one CI run in ten.
 */
import { spawn } from 'node:child_process'
import { availableParallelism } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const arg = (name, fallback) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`))
  const n = a ? Number(a.slice(name.length + 3)) : fallback
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number (got ${a})`)
    process.exit(2)
  }
  return n
}
const runs = arg('runs', 5)
const burners = arg('burners', availableParallelism())
const maxWorkers = arg('maxWorkers', 2)

/** A worker thread spinning until terminated: one core's worth of competition. */
const BURN = `
const { parentPort } = require('node:worker_threads')
parentPort.postMessage('burning')
let x = 0
for (;;) { x = (x * 1103515245 + 12345) % 2147483648 }
`
const workers = []
for (let i = 0; i < burners; i++) {
  const w = new Worker(BURN, { eval: true })
  // Never keep the process alive on their account.
  w.unref()
  workers.push(w)
}
// Wait until every burner is running (state) before the first run.
await Promise.all(workers.map((w) => new Promise((resolve) => w.once('message', resolve))))

const stopBurners = () => Promise.all(workers.map((w) => w.terminate()))

function runJest() {
  return new Promise((resolve) => {
    const args = [
      path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
      '--selectProjects',
      'unit',
      'ui',
      `--maxWorkers=${maxWorkers}`,
      '--silent',
    ]
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, CI: '1', FORCE_COLOR: '0' } })
    let output = ''
    child.stdout.on('data', (d) => {
      output += d
    })
    child.stderr.on('data', (d) => {
      output += d
    })
    child.on('close', (code) => resolve({ code, output }))
  })
}

const fmt = (ms) => `${(ms / 1000).toFixed(1)} s`
console.log(`test:stress: unit + ui, ${runs} run(s), ${burners} CPU burner thread(s), jest --maxWorkers=${maxWorkers}`)
const started = Date.now()
const times = []
let failedRun = 0
for (let i = 1; i <= runs; i++) {
  const t0 = Date.now()
  const { code, output } = await runJest()
  const ms = Date.now() - t0
  times.push(ms)
  const summary = /^Tests:.*$/m.exec(output)?.[0] ?? '(no summary)'
  console.log(`run ${i}/${runs}: ${code === 0 ? 'passed' : 'FAILED'} in ${fmt(ms)} — ${summary}`)
  if (code !== 0) {
    failedRun = i
    // The failures, without the per-file PASS lines.
    console.log(
      output
        .split('\n')
        .filter((l) => !/^PASS /.test(l))
        .join('\n'),
    )
    break
  }
}
await stopBurners()
const total = Date.now() - started
const mean = times.reduce((a, b) => a + b, 0) / times.length
console.log(
  `test:stress: ${failedRun ? `FAILED on run ${failedRun}` : `${runs} of ${runs} passed`}; ` +
    `total ${fmt(total)}, mean ${fmt(mean)} per run, slowest ${fmt(Math.max(...times))}`,
)
process.exit(failedRun ? 1 : 0)
