/**
 * Pass QR size, before and after one signature per authority (issue 16):
 * the typical pass (health code + newest test + newest dose from the home
 * province) with the national platform's code and itinerary added, as today's
 * `NP1:` (one signature per claim) and as `NP3:` (one pass bundle per
 * authority), plus the variants that cost a third signature and the pass
 * bound to the phone. Characters, with ratios from the same run.
 *
 *   npm run bench -- --only=pass-size
 */
import type { Claim } from '../../src/core/claims'
import { generateKeyPair } from '../../src/core/ed25519'
import { encodeBoundPass } from '../../src/core/passCodec'
import {
  signDemo,
  typicalBundledPass,
  typicalClaims,
  typicalHolder,
  typicalNationalClaims,
  typicalPass,
  typicalUnbundledPass,
  VECTORS_T,
} from '../fixtures/typicalPass'
import type { BenchRow } from './types'

/** The size goal of issue 16 for the typical pass with the national code and itinerary. */
export const PASS_SIZE_GOAL = 400

export async function benchPassSize(): Promise<BenchRow[]> {
  const T = VECTORS_T
  const phone = generateKeyPair(new Uint8Array(32).fill(7))
  const today = typicalPass(T).text.length
  const np1 = typicalUnbundledPass(T).length
  const np3 = typicalBundledPass(T).text.length
  const jsClaim = typicalBundledPass(T, { homeDose: false }).text.length
  const jsBundle = typicalBundledPass(T, { homeDose: false, jiangsuBundle: true }).text.length
  const bound3 = encodeBoundPass(typicalBundledPass(T, { deviceKey: phone.publicKey }).pass, phone.secretKey, T).length
  // The same claims bound as NP2: individual claims plus Guangdong's dk claim certifying the phone key.
  const { hc, tr, vx } = typicalClaims(T)
  const n = typicalNationalClaims(T)
  const dose = { ...vx, iss: '440000', kid: 'gd1', body: { ...vx.body, province: '440000' } } as Claim
  const dk = {
    typ: 'dk',
    iss: '440000',
    kid: 'gd1',
    iat: T,
    exp: T + 86_400_000,
    holder: typicalHolder,
    body: { publicKey: phone.publicKey },
  } as Claim
  const bound2 = encodeBoundPass(
    { v: 1, holder: typicalHolder, claims: [hc, tr, dose, n.hc, n.it, dk].map(signDemo) },
    phone.secretKey,
    T,
  ).length
  return [
    {
      name: 'passSize.np1.today',
      value: today,
      unit: 'chars',
      reference: 'NP1: hc + tr + vx, three signatures (issue 16 "today")',
    },
    {
      name: 'passSize.np1.withNational',
      value: np1,
      unit: 'chars',
      ratio: np1 / today,
      reference: `NP1: hc + tr + vx from home + national code + itinerary, five signatures; ratio to today's ${today}`,
    },
    {
      name: 'passSize.np3.withNational',
      value: np3,
      unit: 'chars',
      ratio: np3 / np1,
      reference: `NP3: the same five claims in two bundles (Guangdong, national); ratio to NP1 ${np1}; ×${(np3 / today).toFixed(3)} of today's ${today}; goal ≤ ${PASS_SIZE_GOAL}`,
    },
    {
      name: 'passSize.np3.doseFromJiangsu',
      value: jsClaim,
      unit: 'chars',
      ratio: jsClaim / np3,
      reference: 'the dose from another province, as its individual claim (a third signature); ratio to NP3',
    },
    {
      name: 'passSize.np3.jiangsuBundle',
      value: jsBundle,
      unit: 'chars',
      ratio: jsBundle / np3,
      reference: 'the dose from another province in its own bundle; ratio to NP3',
    },
    {
      name: 'passSize.np3.bound',
      value: bound3,
      unit: 'chars',
      ratio: bound3 / bound2,
      reference: `NP3 bound to the phone as the app ships it (dk item in Guangdong's bundle, no separate certificate, + shown time + phone signature); ratio to NP2 of the same claims ${bound2}`,
    },
  ]
}
