/**
 * The short run of `npm run fuzz` (issue 13): 2 000 inputs per decoder, a
 * fixed seed, asserting no non-catalogue error, no forged admission and
 * time linear in size (a ratio of sizes, never ms).
 */
import { FUZZERS } from '../fuzz/decoders'

jest.setTimeout(300_000)

describe.each(Object.entries(FUZZERS))('fuzzing the %s decoder (2 000 inputs, seed 13)', (_name, run) => {
  test('no crash, no forged input accepted, linear time', () => {
    const r = run({ runs: 2000, seed: 13 })
    expect(r.inputs).toBe(2000)
    expect(r.firstFailure).toBeUndefined()
    expect(r.crashes).toBe(0)
    expect(r.forged).toBe(0)
    expect(r.linearRatio).toBeLessThan(30)
  })
})
