/**
 * `npm run bench`: how fast and how small National Pass is, as ratios measured
 * in the same run (issue 8). Prints one table and writes artifacts/bench/bench.json.
 *
 *   npm run bench [-- --rebuild] [-- --only=sizes,start,aggregation,verify,payloads,pass-size,rules,guard,checkin,foreign]
 *
 * Builds the blank Taro app (test/bench/blank) for weapp, alipay and h5 every
 * run, and ours when dist/ lacks a build (or with --rebuild). No assertions on
 * time: budgets on sizes are checked by scripts/check-budgets.mjs in `npm test`.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { benchAggregation } from './aggregation'
import { benchPassSize } from './passSize'
import { benchPayloads } from './payloads'
import { benchSizes, ROOT } from './sizes'
import { benchStart } from './start'
import type { BenchRow } from './types'
import { benchVerify } from './verify'

type Piece = () => Promise<BenchRow[]>

const args = process.argv.slice(2)
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',')
const rebuild = args.includes('--rebuild')
const details: Record<string, unknown> = {}

/** A bench piece another engineer owns: optional; its absence is a printed row, never a number. */
function optional(file: string, exportName: string): Piece {
  return async () => {
    let mod: Record<string, unknown>
    try {
      // Non-literal specifier: the file may not exist yet.
      mod = (await import(path.join(__dirname, file))) as Record<string, unknown>
    } catch (e) {
      const missing = /Cannot find module|ERR_MODULE_NOT_FOUND/.test(String(e))
      return [
        {
          name: `${file}`,
          value: Number.NaN,
          unit: '',
          note: missing ? 'not available (file absent)' : `not available: ${String(e).split('\n')[0]}`,
        },
      ]
    }
    const fn = mod[exportName]
    if (typeof fn !== 'function')
      return [{ name: file, value: Number.NaN, unit: '', note: `not available (no export ${exportName})` }]
    return (await (fn as Piece)()) as BenchRow[]
  }
}

const pieces: Array<[string, Piece]> = [
  [
    'sizes',
    async () => {
      const r = await benchSizes({ rebuild })
      details.sizes = r.detail
      return r.rows
    },
  ],
  ['start', benchStart],
  ['aggregation', benchAggregation],
  ['verify', benchVerify],
  ['guard', optional('guard.bench.ts', 'benchGuard')],
  ['checkin', optional('checkin.bench.ts', 'benchCheckin')],
  ['payloads', benchPayloads],
  ['pass-size', benchPassSize],
  ['rules', optional('rules.bench.ts', 'benchRules')],
  ['foreign', optional('foreign.bench.ts', 'benchForeign')],
]

function fmt(n: number | undefined, digits = 3): string {
  if (n === undefined) return ''
  if (!Number.isFinite(n)) return 'n/a'
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US')
  return Number(n.toPrecision(digits)).toString()
}

function table(rows: BenchRow[]): string {
  const cells = rows.map((r) => [
    r.name,
    fmt(r.value),
    r.unit,
    r.ratio === undefined ? '' : `×${fmt(r.ratio)}`,
    [r.reference, r.note].filter(Boolean).join(' — '),
  ])
  const head = ['name', 'value', 'unit', 'ratio', 'reference / note']
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)))
  const line = (c: string[]) =>
    c
      .map((x, i) => (i === 1 || i === 3 ? x.padStart(width[i]) : i === 4 ? x : x.padEnd(width[i])))
      .join(' | ')
      .trimEnd()
  return [line(head), width.map((w, i) => '-'.repeat(i === 4 ? 16 : w)).join('-|-'), ...cells.map(line)].join('\n')
}

async function main(): Promise<void> {
  const t0 = Date.now()
  const rows: BenchRow[] = []
  const timings: Record<string, number> = {}
  for (const [name, run] of pieces) {
    if (only && !only.includes(name)) continue
    const t = Date.now()
    console.log(`▸ ${name}`)
    try {
      rows.push(...(await run()))
    } catch (e) {
      console.error(`  ${name} failed: ${e instanceof Error ? e.stack : String(e)}`)
      rows.push({
        name,
        value: Number.NaN,
        unit: '',
        note: `FAILED: ${String(e instanceof Error ? e.message : e).split('\n')[0]}`,
      })
    }
    timings[name] = (Date.now() - t) / 1000
  }
  console.log(`\n${table(rows)}\n`)
  const out = path.join(ROOT, 'artifacts', 'bench', 'bench.json')
  mkdirSync(path.dirname(out), { recursive: true })
  const json = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, load: os.loadavg() },
    seconds: (Date.now() - t0) / 1000,
    timings,
    rows: rows.map((r) => ({ ...r, value: Number.isFinite(r.value) ? r.value : null })),
    details,
  }
  writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`)
  console.log(`wrote ${path.relative(process.cwd(), out)} in ${json.seconds.toFixed(0)} s`)
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
