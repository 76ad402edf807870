#!/usr/bin/env node
/**
 * `npm test`: everything, in order — typecheck, lint, unit + ui tests
 * (conformance included), the weapp and alipay builds with their output
 * checked and run in the Node mini-program smoke test, the H5 build, the
 * check that no server secret is in any bundle, and the end-to-end tests in Chromium. Every step runs even when an earlier one
 * failed (except those that need a build that failed); the summary lists each.
 * Pass `--only=<step,…>` to run a subset (names as printed).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const out = path.join(root, 'artifacts', 'test')
mkdirSync(out, { recursive: true })
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',')

const results = []
let passed = 0
let failed = 0

function jestCounts(file) {
  if (!existsSync(file)) return null
  const r = JSON.parse(readFileSync(file, 'utf8'))
  return { passed: r.numPassedTests, failed: r.numFailedTests + r.numRuntimeErrorTestSuites }
}

function smokeCounts(text) {
  const m = /^(\d+) passed, (\d+) failed$/m.exec(text)
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : null
}

function step(name, cmd, args, { needs = [], counts } = {}) {
  if (only && !only.includes(name)) return true
  const missing = needs.filter((n) => !results.find((r) => r.name === n && r.ok))
  if (missing.length) {
    results.push({ name, ok: false, seconds: 0, note: `skipped: ${missing.join(', ')} failed` })
    failed += 1
    return false
  }
  console.log(`\n━━ ${name}: ${cmd} ${args.join(' ')}`)
  const t0 = Date.now()
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: counts === 'smoke' ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR },
  })
  if (counts === 'smoke' && r.stdout) process.stdout.write(r.stdout)
  const seconds = (Date.now() - t0) / 1000
  const ok = r.status === 0
  let note = ''
  const c =
    typeof counts === 'string' && counts !== 'smoke'
      ? jestCounts(counts)
      : counts === 'smoke'
        ? smokeCounts(r.stdout ?? '')
        : null
  if (c) {
    passed += c.passed
    failed += c.failed
    note = `${c.passed} passed, ${c.failed} failed`
  } else if (!ok) failed += 1
  if (c && !ok && c.failed === 0) failed += 1
  results.push({ name, ok, seconds, note })
  return ok
}

const jest = path.join('node_modules', '.bin', 'jest')
const taro = path.join('node_modules', '.bin', 'taro')
const t0 = Date.now()

step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'])
step('lint', 'npx', ['biome', 'check', '.'])
step('unit+ui', jest, ['--selectProjects', 'unit', 'ui', '--json', `--outputFile=${out}/jest.json`], {
  counts: `${out}/jest.json`,
})
step('build:weapp', taro, ['build', '--type', 'weapp'])
step('check:weapp', 'node', ['scripts/check-build.mjs', 'weapp'], { needs: ['build:weapp'] })
step('build:alipay', taro, ['build', '--type', 'alipay'])
step('check:alipay', 'node', ['scripts/check-build.mjs', 'alipay'], { needs: ['build:alipay'] })
step('budgets', 'node', ['scripts/check-budgets.mjs'], { needs: ['build:weapp', 'build:alipay'] })
step('smoke', 'node', ['test/smoke/miniprogram-runtime.mjs', '--require-requests'], {
  needs: ['build:weapp', 'build:alipay'],
  counts: 'smoke',
})
step('build:h5', taro, ['build', '--type', 'h5'])
step('secrets', 'node', ['--import', 'tsx', 'scripts/check-secrets.ts', 'dist/weapp', 'dist/alipay', 'dist/h5'], {
  needs: ['build:weapp', 'build:alipay', 'build:h5'],
})
step('e2e', jest, ['-c', 'jest.e2e.config.js', '--runInBand', '--json', `--outputFile=${out}/e2e.json`], {
  needs: ['build:h5'],
  counts: `${out}/e2e.json`,
})

console.log('\n━━ summary')
for (const r of results) {
  console.log(`${r.ok ? '✓' : '✗'} ${r.name.padEnd(13)} ${r.seconds.toFixed(1).padStart(6)} s  ${r.note}`)
}
console.log(`total ${((Date.now() - t0) / 1000).toFixed(0)} s`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(results.every((r) => r.ok) ? 0 : 1)
