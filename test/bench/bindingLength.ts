/**
 * What holder binding costs in QR characters (issue 13): the typical pass
 * (test/fixtures/typicalPass.ts) as NP1, the same claims bound (NP2: + the
 * province's `dk` certificate + the time + the phone's signature), and what
 * the pass page shows for that traveller (`boundPassText`: the claims the
 * unbound pass carries within the 551-character budget, plus the certificate
 * and the binding on top), then, with Guangdong's pass bundle (issue 16),
 * the bound QR the app ships: the phone's key certified inside that bundle
 * (one `dk` item, no separate certificate), against the same bundle without
 * the key plus the separate certificate (the path for an authority without
 * bundles).
 *
 *   node --import tsx test/bench/bindingLength.ts
 */
import { base64urlEncode } from '../../src/core/bytes'
import { parseSignedClaim, serializeSignedClaim, type SignedClaim } from '../../src/core/claims'
import { generateKeyPair } from '../../src/core/ed25519'
import { decodePass, encodeBoundPass, encodePass } from '../../src/core/passCodec'
import { boundPassText, PASS_BUDGET, type ProvinceResult, passText } from '../../src/features/pass/passLogic'
import { certifyDeviceKey } from '../../mock/lib/national'
import { bundleOf, signBundle } from '../../src/core/passBundle'
import { demoSecret, signDemo, typicalClaims, typicalHolder, VECTORS_T } from '../fixtures/typicalPass'

const T = VECTORS_T
const { hc, tr, vx } = typicalClaims(T)
const signed = [hc, tr, vx].map(signDemo)
const phone = generateKeyPair(new Uint8Array(32).fill(1))
const dk = parseSignedClaim(certifyDeviceKey('440000', typicalHolder, base64urlEncode(phone.publicKey), T) as string)

const np1 = encodePass({ v: 1, holder: typicalHolder, claims: signed })
const np2 = encodeBoundPass({ v: 1, holder: typicalHolder, claims: [...signed, dk] }, phone.secretKey, T)

/** The typical traveller as the app holds them: Guangdong's code and test, Jiangsu's dose, Guangdong's certificate. */
const person = { name: '张小三', idNumber: '44010619900101123X', birthDate: '1990-01-01', phone: '' }
const ser = (c: SignedClaim) => serializeSignedClaim(c)
const results: ProvinceResult[] = [
  {
    province: '440000',
    status: 'done',
    healthCode: {
      province: '440000',
      issuer: '440000',
      colour: 'green',
      issuedAt: hc.iat,
      validUntil: hc.exp,
      history: [],
      popUps: [],
      claim: ser(signed[0]),
      verified: true,
    } as NonNullable<ProvinceResult['healthCode']>,
    tests: [
      {
        sampleId: tr.body.sampleId,
        kind: 'pcr',
        outcome: 'negative',
        sampledAt: tr.body.sampledAt,
        reportedAt: tr.body.reportedAt,
        pooled: true,
        lab: tr.body.lab,
        province: '440000',
        claim: ser(signed[1]),
        verified: true,
      } as ProvinceResult['tests'][number],
    ],
    vaccinations: [
      {
        dose: 3,
        product: vx.body.product,
        at: vx.body.at,
        province: '320000',
        claim: ser(signed[2]),
        verified: true,
      } as ProvinceResult['vaccinations'][number],
    ],
    deviceKeyClaim: ser(dk),
  },
]
const shownNp1 = passText(results, '440000', person) as string
const shownNp2 = boundPassText(results, '440000', person, null, phone, T) as string
const kinds = (t: string) => {
  const d = decodePass(t)
  return d.decoded.map((c, i) => {
    const o = d.origins?.[i]
    return o && 'bundle' in o ? `${c.typ}*` : c.typ
  })
}
/** Guangdong's bundle over its code and test (the dose is Jiangsu's), with the phone's key or without. */
const gdBundle = (deviceKey?: Uint8Array) => ({
  claims: [ser(signed[0]), ser(signed[1])],
  bundle: ser(
    signBundle(
      bundleOf([hc, tr], {
        iss: '440000',
        kid: 'gd1',
        iat: T,
        holder: typicalHolder,
        ...(deviceKey ? { deviceKey } : {}),
      }),
      demoSecret('gd1'),
    ),
  ),
})
const withBundle = (deviceKey?: Uint8Array): ProvinceResult[] => [{ ...results[0], passBundle: gdBundle(deviceKey) }]
const shownNp3 = passText(withBundle(), '440000', person) as string
const boundApart = boundPassText(withBundle(), '440000', person, null, phone, T) as string
const boundInBundle = boundPassText(withBundle(phone.publicKey), '440000', person, null, phone, T) as string

const row = (label: string, text: string) =>
  console.log(
    `${label.padEnd(58)} ${String(text.length).padStart(4)}  ×${(text.length / np1.length).toFixed(2)}  [${kinds(text).join(' ')}]`,
  )
console.log(`holder binding, QR characters (ratio to the typical NP1 pass); budget ${PASS_BUDGET}`)
row('typical pass, NP1 (hc tr vx)', np1)
row('the same claims bound, NP2 (+ dk + time + phone signature)', np2)
console.log(`${'  of which the dk certificate + binding'.padEnd(58)} ${String(np2.length - np1.length).padStart(4)}`)
row('pass page, unbound (passText)', shownNp1)
row('pass page, bound (boundPassText: the same claims + dk)', shownNp2)
console.log("with Guangdong's pass bundle (NP3; * = an item of a bundle)")
row('pass page, unbound (passText)', shownNp3)
row('bound, key certified apart (bundle without dk + dk claim)', boundApart)
row('bound as shipped (boundPassText: dk item in the bundle)', boundInBundle)
console.log(
  `${'  saved by the key in the bundle'.padEnd(58)} ${String(boundApart.length - boundInBundle.length).padStart(4)}  ×${(boundInBundle.length / boundApart.length).toFixed(2)} of the bound pass with the certificate apart`,
)
