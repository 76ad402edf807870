/**
 * Fuzzing the four decoders a guard or a traveller's app reads untrusted
 * text with (issue 13): the pass (through the guard's whole check), the
 * place-code, the trust list and the signed rule set. For each, random and
 * mutated inputs must give only catalogued errors, never admit or accept
 * anything but the genuine input, and take time linear in their size.
 * `npm run fuzz` runs ≥ 100 000 inputs each; test/unit/fuzz-short.test.ts
 * runs 2 000 each inside `npm test`.
 */
import fc from 'fast-check'
import { base45Encode } from '../../src/core/base45'
import { signClaim } from '../../src/core/claims'
import { catalogue, type ErrorCode, isNpError } from '../../src/core/errors'
import { decodePass, encodeBoundPass, PASS_PREFIX } from '../../src/core/passCodec'
import { generateKeyPair } from '../../src/core/ed25519'
import { encodePlaceCode, parsePlaceCode, signPlaceCode, verifyPlaceCode } from '../../src/core/placeCode'
import { ROOT_PUBLIC_KEY } from '../../src/core/rootKey'
import { signRuleSet, verifyRuleSet } from '../../src/core/signedRules'
import { type SignedTrustList, verifyTrustList } from '../../src/core/trustList'
import { checkPassForVenue } from '../../src/features/guard/guardCheck'
import { buildDemoTrustList, demoKeyFor } from '../../mock/keys'
import { demoRuleSets } from '../../mock/rules'
import { demoSecret, typicalVenueClaim } from '../fixtures/typicalPass'
import { goodPass, holder, rules, T, trust } from '../unit/guardFixtures'

const CODES = new Set(Object.keys(catalogue))
const BASE45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** What one decoder's run found. */
export interface FuzzReport {
  decoder: string
  inputs: number
  /** A thrown value that is not a catalogued `NpError`, or an allowed code list broken. */
  crashes: number
  /** A mutated input accepted (admitted, verified) though it differs from the genuine one. */
  forged: number
  /** time(10×size) / time(size) for inputs of growing size (same run). */
  linearRatio: number
  ms: number
  firstFailure?: string
}

export interface FuzzOptions {
  runs: number
  seed: number
}

/** Edits of a genuine text: replace, insert or delete characters of an alphabet. */
function mutated(original: string, alphabet: string): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.nat(), fc.constantFrom(...alphabet), fc.constantFrom('set', 'ins', 'del'))
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    let s = original
    for (const [at, c, op] of edits) {
      const i = at % (s.length + 1)
      if (op === 'set') s = s.slice(0, i) + c + s.slice(i + 1)
      else if (op === 'ins') s = s.slice(0, i) + c + s.slice(i)
      else s = s.slice(0, i) + s.slice(i + 1)
    }
    return s
  })
}

/** Runs `check` on `runs` inputs; it returns 'accepted' | 'refused' and may throw. */
function fuzz(
  decoder: string,
  arb: fc.Arbitrary<string>,
  check: (input: string) => 'accepted' | 'refused',
  genuine: (input: string) => boolean,
  allowed: readonly ErrorCode[] | null,
  grow: (n: number) => string,
  opts: FuzzOptions,
): FuzzReport {
  const report: FuzzReport = { decoder, inputs: 0, crashes: 0, forged: 0, linearRatio: 0, ms: 0 }
  const fail = (what: string, input: string) => {
    report.firstFailure ??= `${what}: ${JSON.stringify(input.slice(0, 200))}`
  }
  const t0 = performance.now()
  fc.assert(
    fc.property(arb, (input) => {
      report.inputs++
      try {
        if (check(input) === 'accepted' && !genuine(input)) {
          report.forged++
          fail('forged input accepted', input)
        }
      } catch (e) {
        const ok = isNpError(e) && CODES.has(e.code) && (!allowed || allowed.includes(e.code))
        if (!ok) {
          report.crashes++
          fail(`non-catalogue error ${isNpError(e) ? e.code : String(e)}`, input)
        }
      }
    }),
    { numRuns: opts.runs, seed: opts.seed },
  )
  report.ms = Math.round(performance.now() - t0)
  report.linearRatio = linearRatio(grow, (s) => {
    try {
      check(s)
    } catch {
      // Only the time matters here.
    }
  })
  return report
}

/** time(f(grow(10n))) / time(f(grow(n))), floored by a same-run linear scan of the smaller input. */
function linearRatio(grow: (n: number) => string, f: (s: string) => void): number {
  const best = (g: () => void): number => {
    let m = Number.POSITIVE_INFINITY
    for (let i = 0; i < 5; i++) {
      const t = performance.now()
      for (let k = 0; k < 3; k++) g()
      m = Math.min(m, performance.now() - t)
    }
    return m
  }
  const small = grow(100_000)
  const big = grow(1_000_000)
  const floor = best(() => small.indexOf('\u0000'))
  return (
    best(() => f(big)) /
    Math.max(
      best(() => f(small)),
      floor,
    )
  )
}

const repeatTo = (unit: string) => (n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n)

/** The pass, through the guard's whole check: only `admit` of the genuine pass. */
export function fuzzPass(opts: FuzzOptions): FuzzReport {
  const ruleSets = [rules('440000')]
  const fingerprint = (text: string): string => {
    const p = decodePass(text)
    return JSON.stringify([
      p.claims.map((c) => [...c.bytes, ...c.sig]),
      p.binding?.shownAt,
      [...(p.binding?.sig ?? [])],
    ])
  }
  // A bound (NP2) pass shown at T by a phone the province certified.
  const phone = generateKeyPair(new Uint8Array(32).fill(7))
  const dk = signClaim(
    {
      typ: 'dk',
      iss: '440000',
      kid: 'gd1',
      iat: T - 3_600_000,
      exp: T + 86_400_000,
      holder,
      body: { publicKey: phone.publicKey },
    },
    demoSecret('gd1'),
  )
  const genuinePass = decodePass(goodPass)
  const boundPass = encodeBoundPass({ v: 1, holder, claims: [...genuinePass.claims, dk] }, phone.secretKey, T)
  const genuineSet = new Set([fingerprint(goodPass), fingerprint(boundPass)])
  const arb = fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: 600 }) },
    { weight: 3, arbitrary: fc.uint8Array({ maxLength: 400 }).map((b) => PASS_PREFIX + base45Encode(b)) },
    { weight: 1, arbitrary: mutated(goodPass, BASE45) },
    { weight: 1, arbitrary: mutated(boundPass, BASE45) },
    { weight: 1, arbitrary: fc.stringOf(fc.constantFrom(...BASE45), { maxLength: 600 }).map((s) => `NP1:${s}`) },
  )
  return fuzz(
    'pass (guard check)',
    arb,
    (text) => {
      const r = checkPassForVenue({ text, trustList: trust, ruleSets, province: '440000', at: T, lang: 'en' })
      for (const x of r.reasons) if (!CODES.has(x.code)) throw new Error(`reason ${x.code} not in the catalogue`)
      return r.outcome === 'admit' ? 'accepted' : 'refused'
    },
    (text) => {
      try {
        return genuineSet.has(fingerprint(text))
      } catch {
        return false
      }
    },
    null,
    (n) => `NP1:${repeatTo('ABC')(n)}`,
    opts,
  )
}

/** The place-code, v1 and v2: only the genuine venue's two codes verify. */
export function fuzzPlaceCode(opts: FuzzOptions): FuzzReport {
  const signed = signClaim(typicalVenueClaim(T - 3_600_000), demoSecret('gd1'))
  const signedV2 = signPlaceCode(typicalVenueClaim(T - 3_600_000), demoSecret('gd1'))
  const url = encodePlaceCode(signed)
  const urlV2 = encodePlaceCode(signedV2)
  const genuine = (text: string): boolean => {
    try {
      const sc = parsePlaceCode(text)
      return (
        !!sc && [signed, signedV2].some((g) => sc.bytes.join() === g.bytes.join() && sc.sig.join() === g.sig.join())
      )
    } catch {
      return false
    }
  }
  const arb = fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 600 }) },
    { weight: 3, arbitrary: mutated(url, `${B64URL}/?#&=:.%`) },
    { weight: 3, arbitrary: mutated(urlV2, `${B64URL}/?#&=:.%`) },
    {
      weight: 2,
      arbitrary: fc.stringOf(fc.constantFrom(...B64URL), { maxLength: 400 }).map((s) => `https://np.example.cn/p/${s}`),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 300 }).map((s) => `/pages/scan/index?c=${s}`) },
    { weight: 1, arbitrary: fc.webUrl() },
  )
  return fuzz(
    'place-code',
    arb,
    (text) => {
      verifyPlaceCode(text, trust, T)
      return 'accepted'
    },
    genuine,
    null,
    (n) => `https://${repeatTo('a')(n)}?\nx`,
    opts,
  )
}

/** The trust list: only the root-signed payload verifies. */
export function fuzzTrustList(opts: FuzzOptions): FuzzReport {
  const signed = buildDemoTrustList(T)
  const text = JSON.stringify(signed)
  const arb = fc.oneof(
    { weight: 3, arbitrary: mutated(text, '{}[]",:0123456789abcdefghijklmnopqrstuvwxyz-_ ') },
    { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
    {
      weight: 2,
      arbitrary: mutated(signed.payload, '0123456789",:{}[]').map((payload) => JSON.stringify({ ...signed, payload })),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
  )
  return fuzz(
    'trust list',
    arb,
    (input) => {
      let doc: unknown
      try {
        doc = JSON.parse(input)
      } catch {
        return 'refused'
      }
      verifyTrustList(doc as SignedTrustList, ROOT_PUBLIC_KEY)
      return 'accepted'
    },
    (input) => {
      try {
        const d = JSON.parse(input) as SignedTrustList
        return d.payload === signed.payload && d.sig === signed.sig
      } catch {
        return false
      }
    },
    ['NP_ERR_TRUST_LIST_INVALID'],
    (n) => JSON.stringify({ ...signed, payload: repeatTo('[')(n) }),
    opts,
  )
}

/** The signed rule set: only the province-signed payload loads. */
export function fuzzRuleSet(opts: FuzzOptions): FuzzReport {
  const key = demoKeyFor('440000')
  const signed = signRuleSet(demoRuleSets['440000'], key.secretKey, key.kid)
  const text = JSON.stringify(signed)
  const arb = fc.oneof(
    { weight: 3, arbitrary: mutated(text, '{}[]",:0123456789abcdefghijklmnopqrstuvwxyz-_ ') },
    { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
    {
      weight: 2,
      arbitrary: mutated(signed.payload, '0123456789",:{}[]ab').map((payload) =>
        JSON.stringify({ ...signed, payload }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({
          format: fc.constantFrom('np-signed-rules/1', 'x'),
          payload: fc.string(),
          kid: fc.string(),
          sig: fc.string(),
        })
        .map((d) => JSON.stringify(d)),
    },
  )
  return fuzz(
    'rule set',
    arb,
    (input) => {
      let doc: unknown
      try {
        doc = JSON.parse(input)
      } catch {
        return 'refused'
      }
      verifyRuleSet(doc, trust, '440000')
      return 'accepted'
    },
    (input) => {
      try {
        const d = JSON.parse(input) as typeof signed
        return d.payload === signed.payload && d.sig === signed.sig && d.kid === signed.kid
      } catch {
        return false
      }
    },
    ['NP_ERR_RULES_UNSIGNED', 'NP_ERR_RULES_INVALID'],
    (n) => JSON.stringify({ ...signed, payload: repeatTo('[')(n) }),
    opts,
  )
}

export const FUZZERS = { pass: fuzzPass, placeCode: fuzzPlaceCode, trustList: fuzzTrustList, ruleSet: fuzzRuleSet }
