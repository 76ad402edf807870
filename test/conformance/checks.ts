/**
 * The conformance checks, as plain functions that throw an `Error` with a
 * readable message: the jest suite (conformance.test.ts) and the conformance
 * CLI (scripts/conformance.ts, against a province's staging backend) run the
 * same checks on the same {@link PluginRun}.
 */
import { verifyDecodedClaim } from '../../src/core/claims'
import { decodePlaceCodeClaim, parsePlaceCodePayload } from '../../src/core/placeCode'
import type {
  CheckInReceipt,
  Colour,
  DeclarationReceipt,
  HealthCode,
  TestResult,
  Vaccination,
  VenueRef,
  Verification,
} from '../../src/core/model'
import { verifyRuleSet } from '../../src/core/signedRules'
import type { TrustList } from '../../src/core/trustList'
import type { HostResult } from '../../src/sdk/host'
import type { AnyProvincePlugin } from '../../src/sdk/registry'
import type { HookName } from '../../src/sdk/types'
import type { Harness } from './harness'
import { dataOrFail, errorOf, HANG_DEADLINE_MS, type PluginRun } from './run'

/** What the checks compare against, beside the run. */
export interface CheckEnv {
  trustList: TrustList
  /** Legacy place-codes the plugin must recognise (`legacyCode` → `venueId`). */
  legacyVenues: ReadonlyArray<VenueRef & { legacyCode?: string }>
  /** Whether a run without a check-in (no venue to check in at) is acceptable. */
  noVenueIsOk: boolean
}

/** A failed check. */
export class CheckFailure extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CheckFailure'
  }
}

function check(ok: boolean, message: () => string): asserts ok {
  if (!ok) throw new CheckFailure(message())
}

const show = (x: unknown): string => JSON.stringify(x)?.slice(0, 300) ?? String(x)

/** Every claim verifies, or is `unverified('unsigned')` for a plugin with `signs: false`. */
export function checkVerified(
  plugin: AnyProvincePlugin,
  verification: Verification[] | undefined,
  count: number,
): void {
  const signs = plugin.signs !== false
  check(
    verification?.length === count,
    () => `expected ${count} verification(s), got ${verification?.length ?? 'none'}`,
  )
  verification.forEach((v, i) => {
    if (signs)
      check(
        v.status === 'verified',
        () =>
          `claim ${i}: expected verified, got ${v.status}${'code' in v ? ` ${v.code}: ${v.message}` : ''}${'reason' in v ? ` (${v.reason})` : ''}`,
      )
    else
      check(
        v.status === 'unverified' && v.reason === 'unsigned',
        () => `claim ${i}: a plugin with signs: false must be unverified('unsigned'), got ${show(v)}`,
      )
  })
}

/** One declared hook answered valid domain objects through the host. */
export function checkHook(plugin: AnyProvincePlugin, hook: HookName, run: PluginRun, env: CheckEnv): void {
  const call = run.calls[hook]
  if (hook === 'checkIn' && !call) {
    check(
      env.noVenueIsOk,
      () => 'checkIn was not tried: no venue to check in at (give one in the people file: "venue")',
    )
    return
  }
  check(call !== undefined, () => `${hook} was not called`)
  const data = dataOrFail(call.result)
  switch (hook) {
    case 'getHealthCode': {
      const code = data as HealthCode
      check(code.province === plugin.id, () => `province is ${code.province}, must be ${plugin.id}`)
      check(code.history.length > 0, () => 'history is empty: include at least the current colour')
      checkVerified(plugin, call.verification, 1)
      break
    }
    case 'getTestResults':
      checkVerified(plugin, call.verification, (data as TestResult[]).length)
      break
    case 'getVaccinations':
      checkVerified(plugin, call.verification, (data as Vaccination[]).length)
      break
    case 'recognizePlaceCode':
      check(data === null, () => `recognizePlaceCode('definitely not a place code') must be null, got ${show(data)}`)
      for (const v of env.legacyVenues.filter((x) => x.legacyCode)) {
        const got = plugin.recognizePlaceCode?.(v.legacyCode as string)
        check(
          got?.province === plugin.id && got.venueId === v.venueId && got.source === 'legacy',
          () =>
            `recognizePlaceCode(${show(v.legacyCode)}) must be this province's legacy venue ${v.venueId}, got ${show(got)}`,
        )
      }
      break
    case 'checkIn':
    case 'submitDeclaration': {
      const first = data as CheckInReceipt | DeclarationReceipt
      check(first.duplicate === false, () => `the first ${hook} must say duplicate: false`)
      check(call.again !== undefined, () => `${hook} was not retried`)
      const again = dataOrFail(call.again) as CheckInReceipt | DeclarationReceipt
      check(
        again.receiptId === first.receiptId && again.duplicate === true,
        () =>
          `a retry with the same idempotency key must answer the same receipt with duplicate: true, got ${show(again)} after ${show(first)}`,
      )
      break
    }
    case 'entryRules':
      try {
        verifyRuleSet(data, env.trustList, plugin.id)
      } catch (e) {
        throw new CheckFailure(
          `entry rules must be signed by the province's key on the trust list and load: ${e instanceof Error ? e.message : String(e)}`,
        )
      }
      break
    case 'declarationForm':
      check(
        (data as { province?: unknown }).province === plugin.id,
        () => `declaration form province must be ${plugin.id}`,
      )
      break
    case 'registerVenue': {
      const { venueId, claim } = data as { venueId: string; claim: string }
      let signed: { typ?: string; iss?: string; body?: { venueId?: unknown } }
      try {
        // A v2 place-code or a v1 venue claim, verified as a scanned place-code is.
        const sc = parsePlaceCodePayload(claim)
        signed = verifyDecodedClaim(decodePlaceCodeClaim(sc.bytes), sc, env.trustList, Date.now())
          .claim as typeof signed
      } catch (e) {
        throw new CheckFailure(`the venue claim does not verify: ${e instanceof Error ? e.message : String(e)}`)
      }
      check(
        signed.typ === 'venue' && signed.iss === plugin.id && signed.body?.venueId === venueId,
        () => `the venue claim must be typ venue, iss ${plugin.id}, venueId ${venueId}; got ${show(signed)}`,
      )
      break
    }
  }
}

/** The person each hook received had exactly the declared identity fields. */
export function checkIdentity(plugin: AnyProvincePlugin, received: Harness['received']): void {
  const seen = received.filter((r) => r.plugin === plugin.id)
  const declared = [...(plugin.identityFields ?? [])].sort()
  check(seen.length > 0, () => 'no hook received a person')
  for (const r of seen) {
    const keys = Object.keys(r.person).sort()
    check(
      keys.join() === declared.join(),
      () => `${r.hook} received fields [${keys.join(', ')}], declared [${declared.join(', ')}]`,
    )
  }
}

/** A fault ended as this province's typed error (or `invalid` for badsig) while another province answered. */
export function checkFault(plugin: AnyProvincePlugin, fault: string, codes: readonly string[], run: PluginRun): void {
  const f = run.faults[fault as keyof PluginRun['faults']]
  check(f !== undefined, () => `fault ${fault} was not tried`)
  if (fault === 'badsig') {
    dataOrFail(f.result)
    const v = f.verification?.[0]
    check(
      v?.status === 'invalid' && v.code === 'NP_ERR_SIGNATURE_INVALID',
      () => `a flipped signature bit must verify as invalid NP_ERR_SIGNATURE_INVALID, got ${show(v)}`,
    )
  } else {
    const error = errorOf(f.result)
    check(
      codes.includes(error.code) && error.plugin === plugin.id && error.hook === f.hook,
      () =>
        `fault ${fault} on ${f.hook} must end as ${codes.join(' or ')} of ${plugin.id}/${f.hook}, got ${error.code} of ${error.plugin}/${error.hook}: ${error.message}`,
    )
    if (fault === 'hang')
      check(
        error.message.includes(`${HANG_DEADLINE_MS} ms`),
        () => `the timeout message must name the deadline: ${error.message}`,
      )
  }
  if (f.witness) {
    dataOrFail(f.witness.result)
    check(
      f.witness.verification.every((v) => v.status !== 'invalid'),
      () => `the witness province's claims went invalid during ${fault}`,
    )
  }
}

/** A test person's health code has the expected colour (and its claim verifies). */
export function checkColour(
  plugin: AnyProvincePlugin,
  label: string,
  expected: Colour,
  result: HostResult<HealthCode>,
  verification: Verification[] | undefined,
): void {
  if ('error' in result)
    throw new CheckFailure(
      `${label}: expected colour ${expected}, got error ${result.error.code}: ${result.error.message}`,
    )
  check(
    result.data.colour === expected,
    () =>
      `${label}: expected colour ${expected}, got ${result.data.colour}${result.data.reason ? ` (reason: ${result.data.reason})` : ''}`,
  )
  checkVerified(plugin, verification, 1)
}

/** None of `secrets` appears in `text` (logs, error messages, the report). */
export function checkNothingPersonal(text: string, secrets: readonly string[]): void {
  const found = secrets.filter((s) => s.length > 0 && text.includes(s))
  check(found.length === 0, () => `${found.length} personal value(s) of the test people reached the logs or messages`)
}
