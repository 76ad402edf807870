/**
 * Which held foreign certificates the trip check may use, and their facts
 * with provenance (kind, certificate type, issuer country): only a verified
 * certificate of this traveller, valid from now to the last arrival. Every
 * certificate left out is listed with its reason (a catalogued error), so the
 * verdict can say why it was not used; a positive test in one left out only
 * for its dates still counts (bad news is never dropped). Platform-free, no verifier code.
 */
import { NpError, type SerializedError } from '../../core/errors'
import type { ForeignSource, RecoveryStatement, TestResult, Vaccination } from '../../core/model'
import type { HeldForeignCert } from './foreignCertsSlice'

export interface ForeignUse {
  tests: TestResult[]
  vaccinations: Vaccination[]
  recoveries: RecoveryStatement[]
  /** Ids of the certificates used. */
  used: string[]
  notUsed: Array<{ id: string; error: SerializedError }>
}

const KIND = { 'eu-dcc': 'EU DCC', shc: 'SMART Health Card' } as const

/** Why `h` cannot be used between `from` and `until` (ms), or null when it can. */
export function whyNotUsable(h: HeldForeignCert, from: number, until: number): SerializedError | null {
  if (h.problem) return h.problem
  const kind = KIND[h.cert.kind]
  if (h.nameCheck === 'other-person')
    return new NpError('NP_ERR_FOREIGN_OTHER_PERSON', {
      params: { name: h.cert.person.maskedName || '?', birthDate: h.cert.person.birthDate || '?' },
    }).toJSON()
  if (h.cert.expiresAt !== undefined && h.cert.expiresAt < until)
    return new NpError('NP_ERR_FOREIGN_EXPIRED', {
      params: { kind, at: new Date(h.cert.expiresAt).toISOString() },
    }).toJSON()
  if (h.cert.issuedAt !== undefined && h.cert.issuedAt > from)
    return new NpError('NP_ERR_FOREIGN_NOT_YET_VALID', {
      params: { kind, at: new Date(h.cert.issuedAt).toISOString() },
    }).toJSON()
  return null
}

/** The facts of the usable certificates among `held`, for a trip checked at `from` whose last arrival is `until`. */
export function foreignUse(held: readonly HeldForeignCert[], from: number, until: number): ForeignUse {
  const out: ForeignUse = { tests: [], vaccinations: [], recoveries: [], used: [], notUsed: [] }
  for (const h of held) {
    const via = (type: ForeignSource['type']): ForeignSource => ({
      kind: h.cert.kind,
      type,
      country: h.cert.issuerCountry,
    })
    const error = whyNotUsable(h, from, until)
    if (error) {
      out.notUsed.push({ id: h.id, error })
      // Bad news counts whatever the dates: a verified positive test of this traveller is never dropped because
      // its certificate expired or is not yet valid (only one that no longer verifies, or names someone else, is).
      if (!h.problem && h.nameCheck !== 'other-person')
        for (const t of h.cert.tests) if (t.outcome === 'positive') out.tests.push({ ...t, via: via('t') })
      continue
    }
    out.used.push(h.id)
    for (const t of h.cert.tests) out.tests.push({ ...t, via: via('t') })
    for (const v of h.cert.vaccinations) out.vaccinations.push({ ...v, via: via('v') })
    for (const r of h.cert.recoveries) out.recoveries.push({ ...r, via: via('r') })
  }
  return out
}
