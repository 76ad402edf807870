/**
 * Issue 13: every recogniser over scanned or linked text runs in time linear
 * in its input (bounded by a length limit, no catastrophic backtracking).
 * Times are compared as ratios within one run, never against a number of ms:
 * 10× the input may cost at most 30× the time (quadratic would be ~100×).
 * A same-run linear baseline (one `indexOf` over the smaller input) floors
 * the denominator so that near-zero times cannot make a ratio of noise.
 */
import { decodePass } from '@/core/passCodec'
import { parsePlaceCode } from '@/core/placeCode'
import { MAX_SCAN_TEXT, recognizePlaceCode, textFromParams } from '@/features/scan/recognize'
import type { Host } from '@/sdk/host'
import { createRegistry } from '@/sdk/host'
import { plugins } from '../../plugins'

const KB = 1024
const MB = KB * KB

function timeOf(f: () => void): number {
  let best = Number.POSITIVE_INFINITY
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now()
    for (let k = 0; k < 3; k++) f()
    best = Math.min(best, performance.now() - t0)
  }
  return best
}

const quiet = (f: () => unknown) => () => {
  try {
    f()
  } catch {
    // Refusals are expected; only the time matters here.
  }
}

/** Asserts f(make(1 MB)) costs at most 30× f(make(100 KB)). */
function expectLinear(make: (n: number) => string, f: (s: string) => unknown): void {
  const small = make(100 * KB)
  const big = make(MB)
  const baseline = timeOf(() => small.indexOf('\u0000'))
  const ts = timeOf(quiet(() => f(small)))
  const tb = timeOf(quiet(() => f(big)))
  expect(tb / Math.max(ts, baseline)).toBeLessThan(30)
}

/** Inputs that made the old recognisers backtrack. */
const attacks: Record<string, (n: number) => string> = {
  'URL with a line break in its query': (n) => `https://${'a'.repeat(n)}?\nx`,
  'URL of slashes': (n) => `https://np.example.cn${'/'.repeat(n)}\nx`,
  'scan page of ampersands': (n) => `/pages/scan/index?${'&'.repeat(n)}`,
  'bare base64url': (n) => 'A'.repeat(n),
  'bare base64url starting as a v2 place-code': (n) => `wg${'A'.repeat(n)}`,
  'pass of base45': (n) => `NP1:${'A'.repeat(n)}`,
  'digits and colons': (n) => `NP${'1'.repeat(n)}:`,
}

describe('recognisers are linear in their input', () => {
  for (const [name, make] of Object.entries(attacks)) {
    test(`place-code recogniser: ${name}`, () => expectLinear(make, (s) => parsePlaceCode(s)))
    test(`pass decoder: ${name}`, () => expectLinear(make, (s) => decodePass(s)))
  }

  test('H5 deep link of 1 MB (q and c) is linear and refused', () => {
    expectLinear(
      (n) => encodeURIComponent(`https://${'a'.repeat(n)}?\nx`),
      (q) => parsePlaceCode(textFromParams({ q }) ?? ''),
    )
    expectLinear(
      (n) => 'a'.repeat(n),
      (c) => parsePlaceCode(textFromParams({ c }) ?? ''),
    )
  })

  test('a 100 000-character URL is refused as malformed, saying it is too long', () => {
    const long = `https://np.example.cn/p/${'A'.repeat(100_000)}`
    expect(() => parsePlaceCode(long)).toThrow(expect.objectContaining({ code: 'NP_ERR_PLACE_CODE_MALFORMED' }))
    expect(() => decodePass(`NP1:${'A'.repeat(100_000)}`)).toThrow(
      expect.objectContaining({ code: 'NP_ERR_PASS_MALFORMED' }),
    )
  })

  test('plugins never see more than a QR code can hold', async () => {
    const seen: number[] = []
    const host = {
      registry: createRegistry(plugins),
      call: async (_id: string, _hook: string, text: string) => {
        seen.push(text.length)
        return { data: null }
      },
    } as unknown as Host
    const r = await recognizePlaceCode('x'.repeat(MB), { host, trustList: null, at: 0 })
    expect(r).toEqual({ error: expect.objectContaining({ code: 'NP_ERR_PLACE_CODE_MALFORMED' }) })
    expect(seen).toEqual([])
    await recognizePlaceCode('x'.repeat(MAX_SCAN_TEXT), { host, trustList: null, at: 0 })
    expect(seen.length).toBeGreaterThan(0)
  })
})
