/**
 * What holder binding costs in QR characters (issue 13): the typical pass
 * (test/fixtures/typicalPass.ts) as NP1, the same claims bound (NP2: + the
 * province's `dk` certificate + the time + the phone's signature), and what
 * the pass page shows for that traveller (`boundPassText`: the claims the
 * unbound pass carries within the 551-character budget, plus the certificate
 * and the binding on top).
 *
 *   node --import tsx test/bench/bindingLength.ts
 */
import { base64urlEncode } from '../../src/core/bytes'
import { parseSignedClaim, serializeSignedClaim, type SignedClaim } from '../../src/core/claims'
import { generateKeyPair } from '../../src/core/ed25519'
import { decodePass, encodeBoundPass, encodePass } from '../../src/core/passCodec'
import { boundPassText, PASS_BUDGET, type ProvinceResult, passText } from '../../src/features/pass/passLogic'
import { certifyDeviceKey } from '../../mock/lib/national'
import { signDemo, typicalClaims, typicalHolder, VECTORS_T } from '../fixtures/typicalPass'

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
const kinds = (t: string) => decodePass(t).decoded.map((c) => c.typ)

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
