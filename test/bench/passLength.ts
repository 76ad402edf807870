/**
 * Pass QR length of the typical pass (test/fixtures/typicalPass.ts) before
 * and after the national platform: + the national code (green), + the
 * itinerary card (`it` claim) with 1 and 3 cities. Prints characters and the
 * ratio to the typical pass, against the budget `passText` keeps (551).
 *
 *   node --import tsx test/bench/passLength.ts
 */
import type { Claim } from '../../src/core/claims'
import { claimFromItinerary, type Itinerary, NATIONAL_AUTHORITY } from '../../src/core/itinerary'
import { PASS_BUDGET } from '../../src/features/pass/passLogic'
import { DAY, passOf, typicalClaims, typicalHolder, VECTORS_T } from '../fixtures/typicalPass'

const T = VECTORS_T
const { hc, tr, vx } = typicalClaims(T)
const nationalHc: Claim = { ...hc, iss: NATIONAL_AUTHORITY, kid: 'cn1' }
const cities = (n: number): Itinerary['cities'] =>
  ['440100', '430100', '440300'].slice(0, n).map((code, i) => ({
    code,
    name: code,
    firstSeen: T - (i + 2) * DAY,
    lastSeen: T - i * DAY - 10 * 60_000,
    starred: code === '430100',
  }))
const it = (n: number): Claim =>
  claimFromItinerary(
    { issuer: 'x', phone: '', issuedAt: T, validUntil: T + DAY, cities: cities(n) },
    { kid: 'cn1', iss: NATIONAL_AUTHORITY, holder: typicalHolder },
  )

const base = passOf([hc, tr, vx]).length
const rows: Array<[string, Claim[]]> = [
  ['typical pass (hc + tr + vx)', [hc, tr, vx]],
  ['+ itinerary, 1 city', [hc, tr, it(1), vx]],
  ['+ itinerary, 3 cities (one starred)', [hc, tr, it(3), vx]],
  ['+ national code (green)', [hc, tr, nationalHc, vx]],
  ['+ national code + itinerary, 3 cities', [hc, tr, nationalHc, it(3), vx]],
  ['passText with a starred itinerary (hc + it + tr)', [hc, it(3), tr]],
]
console.log(`pass QR length (characters, NP1: + base45); budget ${PASS_BUDGET}; at ${new Date(T).toISOString()}`)
for (const [label, claims] of rows) {
  const n = passOf(claims).length
  console.log(
    `${label.padEnd(42)} ${String(n).padStart(4)}  ×${(n / base).toFixed(2)}  ${n <= PASS_BUDGET ? 'within budget' : 'over budget'}`,
  )
}
