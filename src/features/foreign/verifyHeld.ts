/**
 * The traveller's side of foreign certificates, loaded on demand with the
 * verifiers (the add-certificate page's package / async chunk): verify a
 * scanned, chosen or pasted certificate offline against the foreign trust
 * list, compare its holder with the pass's traveller, and re-check the held
 * ones against a newer list. Throws a typed `NpError` for what cannot be
 * added; nothing held is touched by a refusal.
 */
import { NpError, toNpError } from '../../core/errors'
import { foreignKindOf, verifyForeign } from '../../core/foreign'
import { type ForeignTrustList, validateForeignTrustList } from '../../core/foreign/trust'
import type { ForeignCertificate } from '../../core/foreign/types'
import type { Identity } from '../../core/model'
import type { HeldForeignCert, NameCheck } from './foreignCertsSlice'

/** Upper-case letters of a name, accents dropped, spaces, hyphens, commas and `<` left out. */
function letters(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[\s\-,.<'’·•]/g, '')
}

const LATIN = /^[A-Z]+$/
const HAN = /^[\u3400-\u9fff]+$/

/**
 * How the certificate's holder compares with the traveller: another birth
 * date, or a name in the same script that differs, is another person; the
 * same birth date with names in different scripts (a Chinese name on the pass,
 * the passport's Latin name on the certificate) cannot be told here and is
 * shown as such (compare with the passport).
 */
export function compareHolder(
  person: ForeignCertificate['person'],
  identity: Pick<Identity, 'name' | 'birthDate'>,
): NameCheck {
  const born = person.birthDate
  if (born && identity.birthDate && !identity.birthDate.startsWith(born)) return 'other-person'
  const mine = letters(identity.name)
  const theirs = [
    letters(`${person.familyName}${person.givenName}`),
    letters(`${person.givenName}${person.familyName}`),
  ]
  if (theirs.includes(mine) && mine) return born ? 'match' : 'unconfirmed'
  const sameScript = (LATIN.test(mine) && LATIN.test(theirs[0])) || (HAN.test(mine) && HAN.test(theirs[0]))
  return sameScript ? 'other-person' : 'unconfirmed'
}

/** A short stable id for a held certificate (FNV-1a of its text). */
function idOf(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0
  return `fc-${h.toString(36)}`
}

/**
 * Verifies a certificate the traveller adds (one QR text; the chunks of a
 * multi-QR card one per line) at `at` (ms). Refused: unreadable, tampered,
 * unknown or revoked signer, revoked card, expired, not yet valid.
 */
export function verifyForTraveller(
  text: string,
  trust: ForeignTrustList,
  trustListVersion: number,
  at: number,
  identity: Pick<Identity, 'name' | 'birthDate'>,
): HeldForeignCert {
  // A SMART Health Card's parts one per line; an HCERT as is (base45 has spaces).
  const trimmed = text.trim()
  const clean = /^shc:\//i.test(trimmed) ? trimmed.split(/\s+/).join('\n') : trimmed
  if (!foreignKindOf(clean))
    throw new NpError('NP_ERR_FOREIGN_MALFORMED', { params: { detail: 'neither HC1: nor shc:/' } })
  const cert = verifyForeign(clean, validateForeignTrustList(trust), at)
  return {
    id: idOf(clean),
    text: clean,
    addedAt: at,
    cert,
    verifiedAt: at,
    trustListVersion,
    nameCheck: compareHolder(cert.person, identity),
    problem: null,
  }
}

/**
 * Re-verifies held certificates against the current list (a newer list may
 * revoke a card or its signer): each keeps its content, with `problem` set
 * when it no longer verifies and cleared when it does again. Time is not
 * checked here (the trip check checks expiry at each arrival).
 */
export function recheckHeld(
  held: readonly HeldForeignCert[],
  trust: ForeignTrustList,
  trustListVersion: number,
  at: number,
): HeldForeignCert[] {
  const list = validateForeignTrustList(trust)
  return held.map((h) => {
    try {
      verifyForeign(h.text, list, at, { checkTimes: false })
      return { ...h, verifiedAt: at, trustListVersion, problem: null }
    } catch (e) {
      return { ...h, verifiedAt: at, trustListVersion, problem: toNpError(e, 'NP_ERR_FOREIGN_MALFORMED').toJSON() }
    }
  })
}
