/**
 * `npm run fuzz [-- --runs=100000] [--seed=N] [--only=pass,placeCode,trustList,ruleSet]`:
 * fast-check over the four decoders (see decoders.ts). Prints the seed (to
 * replay a failure), per decoder the inputs, crashes, forged admissions, the
 * time and the linear-time ratio; exits non-zero on any crash, forgery or a
 * ratio of 30 or more.
 */
import { FUZZERS } from './decoders'

const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
const runs = Number(arg('runs') ?? 100_000)
const seed = Number(arg('seed') ?? Date.now() % 2 ** 31)
const only = arg('only')?.split(',')

console.log(`fuzz: ${runs} inputs per decoder, seed ${seed} (replay with --seed=${seed})`)
let bad = false
for (const [name, run] of Object.entries(FUZZERS)) {
  if (only && !only.includes(name)) continue
  const r = run({ runs, seed })
  const ok = r.crashes === 0 && r.forged === 0 && r.linearRatio < 30
  bad ||= !ok
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${r.decoder.padEnd(20)} inputs ${r.inputs}  crashes ${r.crashes}  forged ${r.forged}  ` +
      `time ${(r.ms / 1000).toFixed(1)} s  time(1 MB)/time(100 KB) ${r.linearRatio.toFixed(1)}` +
      (r.firstFailure ? `\n     first failure: ${r.firstFailure}` : ''),
  )
}
process.exit(bad ? 1 : 0)
