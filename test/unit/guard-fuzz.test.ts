import fc from 'fast-check'
import { base45Decode, base45Encode } from '@/core/base45'
import { catalogue } from '@/core/errors'
import { PASS_PREFIX } from '@/core/passCodec'
import { checkPassForVenue } from '@/features/guard/guardCheck'
import { goodPass, rules, T, trust } from './guardFixtures'

const gd = [rules('440000')]
const run = (text: string) =>
  checkPassForVenue({ text, trustList: trust, ruleSets: gd, province: '440000', at: T, lang: 'en' })
const payload = base45Decode(goodPass.slice(PASS_PREFIX.length))

/** Refused, with only catalogue pass/key/signature codes (never a rule verdict on unverified data). */
function expectRefused(text: string): void {
  const r = run(text)
  expect(r.outcome).toBe('refuse')
  expect(r.reasons.length).toBeGreaterThan(0)
  for (const x of r.reasons) {
    expect(Object.keys(catalogue)).toContain(x.code)
    expect(x.code).not.toBe('NP_ERR_RULE_NOT_MET')
  }
}

describe('fuzzing the pass decoder and verifier through the guard', () => {
  test('the unmodified pass is admitted (the baseline the mutations start from)', () => {
    expect(run(goodPass).outcome).toBe('admit')
  })

  test('random bytes behind the prefix are refused', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (b) => expectRefused(PASS_PREFIX + base45Encode(b))),
      { numRuns: 500 },
    )
  })

  test('random strings are refused', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => expectRefused(s)),
      { numRuns: 500 },
    )
  })

  test('every truncation of a real pass is refused', () => {
    for (let n = 0; n < goodPass.length; n++) expectRefused(goodPass.slice(0, n))
  })

  test('every truncation of the binary payload is refused', () => {
    for (let n = 0; n < payload.length; n++) expectRefused(PASS_PREFIX + base45Encode(payload.subarray(0, n)))
  })

  test('a single bit flipped anywhere in the payload or signatures is refused', () => {
    for (let i = 0; i < payload.length * 8; i++) {
      const b = Uint8Array.from(payload)
      b[i >> 3] ^= 1 << (i & 7)
      expectRefused(PASS_PREFIX + base45Encode(b))
    }
  })

  test('random multi-bit flips and appended bytes are refused', () => {
    const flips = fc.array(fc.nat({ max: payload.length * 8 - 1 }), { minLength: 1, maxLength: 8 })
    fc.assert(
      fc.property(flips, fc.uint8Array({ maxLength: 4 }), (bits, tail) => {
        const b = Uint8Array.from(payload)
        for (const i of bits) b[i >> 3] ^= 1 << (i & 7)
        if (b.every((x, i) => x === payload[i]) && tail.length === 0) return
        expectRefused(PASS_PREFIX + base45Encode(Uint8Array.from([...b, ...tail])))
      }),
      { numRuns: 300 },
    )
  })
})
