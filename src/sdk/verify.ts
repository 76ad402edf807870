/**
 * Checks the signed claims in a plugin's validated answer against the trust
 * list, and that each claim says what the served object says.
 */
import {
  type Claim,
  claimFromHealthCode,
  claimFromTestResult,
  claimFromVaccination,
  parseSignedClaim,
  type SignatureCheck,
  servedMatchesClaim,
  verifySignedClaim,
} from '../core/claims'
import { NpError } from '../core/errors'
import type { HealthCode, TestResult, Vaccination, Verification } from '../core/model'
import type { TrustList } from '../core/trustList'
import { type AnyProvincePlugin, pluginLabel } from './registry'

/** Hooks whose answers carry province-signed claims. */
export type SignedHook = 'getHealthCode' | 'getTestResults' | 'getVaccinations'

const TYPE_OF: Record<SignedHook, Claim['typ']> = { getHealthCode: 'hc', getTestResults: 'tr', getVaccinations: 'vx' }

/** The `Verification` of one validated object from `hook`. Never throws. */
export function verifyAnswer(
  plugin: AnyProvincePlugin,
  hook: SignedHook,
  item: unknown,
  trustList: TrustList,
  at: number,
  /** @default `verify` (src/core/ed25519.ts) */
  check?: SignatureCheck,
): Verification {
  if (plugin.signs === false) return { status: 'unverified', reason: 'unsigned' }
  const claim = (item as { claim?: string }).claim
  try {
    if (!claim)
      throw new NpError('NP_ERR_CLAIM_MISSING', { plugin: plugin.id, hook, params: { plugin: pluginLabel(plugin) } })
    const { claim: signed, kid } = verifySignedClaim(parseSignedClaim(claim), trustList, at, {}, check)
    const served = servedClaim(hook, item, signed)
    if (signed.typ !== TYPE_OF[hook] || !served || !servedMatchesClaim(served, signed)) {
      throw new NpError('NP_ERR_CLAIM_MISMATCH', {
        plugin: plugin.id,
        hook,
        params: { plugin: pluginLabel(plugin), detail: `a ${signed.typ} claim signed by ${signed.iss}` },
      })
    }
    return { status: 'verified', kid }
  } catch (e) {
    const error =
      e instanceof NpError ? e : new NpError('NP_ERR_CLAIM_MALFORMED', { cause: e, params: { detail: String(e) } })
    return { status: 'invalid', code: error.code, message: error.message }
  }
}

/** The claim the served object would make, with the signed claim's issuer and times. */
function servedClaim(hook: SignedHook, item: unknown, signed: Claim): Claim | undefined {
  const meta = { iss: signed.iss, kid: signed.kid, iat: signed.iat, exp: signed.exp, holder: signed.holder }
  switch (hook) {
    case 'getHealthCode':
      return claimFromHealthCode(item as HealthCode, { kid: signed.kid, holder: signed.holder })
    case 'getTestResults':
      return claimFromTestResult(item as TestResult, meta)
    case 'getVaccinations':
      return claimFromVaccination(item as Vaccination, meta)
  }
}
