/**
 * What the trip check knows about the traveller: the pass (codes, tests,
 * vaccinations merged across provinces) when the device has one, else what
 * the traveller typed (their latest PCR), with a current green code assumed
 * in each province and said so on screen. Platform-free.
 */
import type { HealthCode, Identity, ProvinceCode, TestResult } from '../../core/model'
import type { DeclarationRecord } from '../../core/rules/facts'
import { shanghaiMidnight } from '../../core/rules/time'
import type { TripInputs } from '../../core/rules/trip'
import { mergeTests, mergeVaccinations, type ProvinceResult, usableCodes } from '../pass/passLogic'

/** The traveller's own statement when the device holds no pass. */
export interface ManualFacts {
  /** Latest negative PCR: sample and report times (ms); absent when none. */
  pcrSampledAt?: number
  pcrReportedAt?: number
}

const YEAR = 365 * 24 * 3_600_000

/** Adult birth date used when the traveller's own is unknown (no age exemption assumed). */
export const UNKNOWN_BIRTH_DATE = '1970-01-01'

/** Inputs from the pass's province answers for one person. */
export function inputsFromPass(
  results: readonly ProvinceResult[],
  person: Pick<Identity, 'birthDate'>,
  declarations: DeclarationRecord[],
): TripInputs {
  const strip = <T extends { verified: boolean }>({ verified: _, ...rest }: T): Omit<T, 'verified'> => rest
  return {
    codes: usableCodes(results).map(strip),
    tests: mergeTests(results).map(strip),
    vaccinations: mergeVaccinations(results).map(strip),
    declarations,
    person: { birthDate: person.birthDate },
  }
}

/** Inputs from what the traveller typed, assuming a current green code in each of `provinces`. */
export function inputsFromManual(
  m: ManualFacts,
  provinces: readonly ProvinceCode[],
  now: number,
  declarations: DeclarationRecord[],
): TripInputs {
  const codes: HealthCode[] = [...new Set(provinces)].map((p) => ({
    province: p,
    issuer: p,
    colour: 'green',
    issuedAt: now,
    validUntil: now + YEAR,
    history: [],
    popUps: [],
  }))
  const tests: TestResult[] =
    m.pcrSampledAt === undefined
      ? []
      : [
          {
            sampleId: 'manual',
            kind: 'pcr',
            outcome: 'negative',
            sampledAt: m.pcrSampledAt,
            reportedAt: m.pcrReportedAt ?? m.pcrSampledAt,
            pooled: false,
            lab: '',
            province: provinces[0] ?? '',
          },
        ]
  return { codes, tests, vaccinations: [], declarations, person: { birthDate: UNKNOWN_BIRTH_DATE } }
}

/**
 * Parses `YYYY-MM-DD HH:mm` (also `T` between) as Beijing time; `null` when
 * it is not such a time.
 */
/** `YYYY-MM-DD HH:mm` in Beijing time, the format {@link parseBeijing} reads. */
export function formatBeijing(ms: number): string {
  const d = new Date(ms + 8 * 3_600_000).toISOString()
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`
}

export function parseBeijing(text: string): number | null {
  const m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})\s*$/.exec(text)
  if (!m) return null
  const [y, mo, d, h, mi] = m.slice(1).map(Number)
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null
  const t = shanghaiMidnight(y, mo, d) + h * 3_600_000 + mi * 60_000
  return Number.isFinite(t) ? t : null
}
