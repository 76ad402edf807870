/**
 * The foreign certificates a guard can verify offline, mapped onto the
 * national model (tests, doses, recoveries) so the same entry rules apply.
 */
import type { TestResult, Vaccination } from '../model'

/** Which verifier read it. */
export type ForeignKind = 'eu-dcc' | 'shc'

/** A past infection a certificate states (EU DCC type `r`). */
export interface Recovery {
  /** First positive test, epoch ms. */
  firstPositive: number
  validFrom: number
  validUntil: number
  /** ISO 3166 alpha-2 country where the test was taken. */
  country: string
}

/** A verified foreign certificate, in the national model's words. */
export interface ForeignCertificate {
  kind: ForeignKind
  /** HCERT entry types present (`v` vaccination, `t` test, `r` recovery); for SHC, derived from the FHIR entries. */
  types: Array<'v' | 't' | 'r'>
  /** ISO 3166 alpha-2 country of the issuer ('' when it cannot be told). */
  issuerCountry: string
  /** Who signed: the CWT `iss` or the SHC issuer's URL/name. */
  issuer: string
  /** The signing key's id (base64 for HCERT, JWK thumbprint for SHC). */
  kid: string
  alg: string
  /** Epoch ms, when stated. */
  issuedAt?: number
  expiresAt?: number
  person: {
    familyName: string
    givenName: string
    /** As stated: `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or ''. */
    birthDate: string
    /** Family and given names masked as for national passes. */
    maskedName: string
  }
  tests: TestResult[]
  vaccinations: Vaccination[]
  recoveries: Recovery[]
}

/** Mask each part of a name: first and last characters kept (`Gabriele` → `G******e`, `Li` → `L*`). */
export function maskForeignName(name: string): string {
  return name
    .trim()
    .split(/(\s+|-)/)
    .map((part) => {
      if (/^(\s+|-)$/.test(part) || !part) return part
      const c = Array.from(part)
      return c.length <= 2 ? `${c[0]}*` : `${c[0]}${'*'.repeat(c.length - 2)}${c[c.length - 1]}`
    })
    .join('')
}

/** A foreign country as a pseudo province code for the national model (`foreign:AT`). */
export const foreignPlace = (country: string): string => `foreign:${country || '??'}`
