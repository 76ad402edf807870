/**
 * Guard mode's decision for a foreign certificate (EU DCC `HC1:`, SMART
 * Health Card `shc:/`): verify it against the foreign trust list, then apply
 * the DEMO foreign-arrival rules with the one rules engine on facts built from
 * the certificate's verified tests and doses. Loaded on demand: importing
 * this module pulls in CBOR, zlib, P-256 and RSA-PSS, which the main package
 * does not carry. Never throws for what the traveller shows: an unreadable,
 * tampered or expired certificate is a refusal with a catalogue code.
 */
import type { CertLogicExpression } from 'certlogic-js'
import { errorText, NpError, toNpError } from '../../core/errors'
import { type ForeignCertificate, foreignTimeProblem, verifyForeign } from '../../core/foreign'
import { type ForeignTrustList, validateForeignTrustList } from '../../core/foreign/trust'
import { evaluateRules, selectRules } from '../../core/rules/engine'
import { buildFacts } from '../../core/rules/facts'
import type { Lang, RuleSet } from '../../core/rules/types'
import type { GuardResult } from './guardCheck'
import type { ForeignKind } from '../../core/foreign/types'

/**
 * What the verdict screen shows of a foreign certificate (plain data: the
 * store keeps it). `lines` are already in the guard's language, written here
 * so the main package carries no wording or formatting for them.
 */
export interface ForeignSummary {
  kind: ForeignKind
  types: Array<'v' | 't' | 'r'>
  issuerCountry: string
  issuer: string
  maskedName: string
  birthDate: string
  expiresAt?: number
  lines: {
    /** Certificate type and what it records. */
    type: string
    country: string
    /** "Compare with the passport:" */
    compare: string
    /** Masked name and birth date. */
    name: string
    /** One line per dose, test or recovery. */
    entries: string[]
  }
}

/** A guard result for a foreign certificate: what the verdict screen shows beside the outcome. */
export type ForeignGuardResult = GuardResult & { foreign?: ForeignSummary }

const W = {
  zh: {
    'eu-dcc': '欧盟数字新冠证书（EU DCC）',
    shc: 'SMART 健康卡',
    v: '疫苗接种',
    t: '检测',
    r: '康复',
    issuer: '签发国家/地区',
    compare: '请与护照核对：',
    born: '出生',
    dose: '第 {n} 剂',
    recovery: '康复证明有效期',
    pcr: '核酸',
    antigen: '抗原',
    negative: '阴性',
    positive: '阳性',
    pending: '待出结果',
  },
  en: {
    'eu-dcc': 'EU Digital COVID Certificate',
    shc: 'SMART Health Card',
    v: 'vaccination',
    t: 'test',
    r: 'recovery',
    issuer: 'Issuing country',
    compare: 'Compare with the passport:',
    born: 'born',
    dose: 'dose {n}',
    recovery: 'recovery valid',
    pcr: 'PCR',
    antigen: 'antigen',
    negative: 'negative',
    positive: 'positive',
    pending: 'pending',
  },
} as const

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)

const NOW: CertLogicExpression = { plusTime: [{ var: 'external.validationClock' }, 0, 'hour'] }
const within = (path: string, hours: number): CertLogicExpression => ({
  if: [{ var: path }, { 'not-after': [NOW, { plusTime: [{ var: path }, hours, 'hour'] }] }, false],
})

/** The pseudo province the DEMO foreign-arrival rules are published for. */
export const FOREIGN_RULES_PROVINCE = 'foreign'

/**
 * DEMO ONLY: foreign-arrival rules, evaluated by the same engine as the
 * provinces' rules. No positive test (refuse); at least one vaccination dose
 * or a negative test sampled within 72 h (needs action: test on arrival).
 */
export const DEMO_FOREIGN_RULES: RuleSet = {
  province: FOREIGN_RULES_PROVINCE,
  version: '1.0.0',
  publishedAt: '2026-01-01T00:00:00+08:00',
  rules: [
    {
      identifier: 'FOREIGN-DEMO-0001',
      type: 'acceptance',
      province: FOREIGN_RULES_PROVINCE,
      version: '1.0.0',
      validFrom: '2020-01-01T00:00:00+08:00',
      validTo: '2030-01-01T00:00:00+08:00',
      description: { zh: '境外证书不得载有阳性检测结果', en: 'The certificate shows no positive test' },
      affectedFields: ['derived.tests.positive'],
      logic: { '!': [{ var: 'derived.tests.positive' }] },
      outcome: 'refuse',
    },
    {
      identifier: 'FOREIGN-DEMO-0002',
      type: 'acceptance',
      province: FOREIGN_RULES_PROVINCE,
      version: '1.0.0',
      validFrom: '2020-01-01T00:00:00+08:00',
      validTo: '2030-01-01T00:00:00+08:00',
      description: {
        zh: '境外证书须载有疫苗接种记录或 72 小时内阴性检测',
        en: 'The certificate shows a vaccination or a negative test sampled within 72 h',
      },
      affectedFields: ['derived.vaccination.doses', 'derived.tests.latestNegative.sampledAt'],
      logic: {
        if: [
          { '>': [{ var: 'derived.vaccination.doses' }, 0] },
          true,
          within('derived.tests.latestNegative.sampledAt', 72),
        ],
      },
      outcome: 'needs-action',
      action: { kind: 'test', zh: '请在入境处检测', en: 'Test on arrival' },
    },
  ],
}

function summaryOf(c: ForeignCertificate, lang: Lang): ForeignSummary {
  const w = W[lang]
  const { person } = c
  return {
    kind: c.kind,
    types: c.types,
    issuerCountry: c.issuerCountry,
    issuer: c.issuer,
    maskedName: person.maskedName,
    birthDate: person.birthDate,
    ...(c.expiresAt !== undefined ? { expiresAt: c.expiresAt } : {}),
    lines: {
      type: `${w[c.kind]}${c.types.length ? ` · ${c.types.map((t) => w[t]).join(' / ')}` : ''}`,
      country: `${w.issuer} ${c.issuerCountry || c.issuer}`,
      compare: w.compare,
      name: `${person.maskedName}${person.birthDate ? ` · ${w.born} ${person.birthDate}` : ''}`,
      entries: [
        ...c.vaccinations.map((v) => `${w.dose.replace('{n}', String(v.dose))} ${v.product} · ${day(v.at)}`),
        ...c.tests.map((t) => `${w[t.kind]} ${w[t.outcome]} · ${day(t.sampledAt)}`),
        ...c.recoveries.map((r) => `${w.recovery} ${day(r.validFrom)} – ${day(r.validUntil)}`),
      ],
    },
  }
}

/** Inputs of {@link checkForeignForVenue}. */
export interface ForeignCheckInput {
  text: string
  trust: ForeignTrustList
  province: string
  at: number
  lang: Lang
  /** @default [DEMO_FOREIGN_RULES] */
  ruleSets?: readonly RuleSet[]
  trustListVersion: number
}

/** Checks one scanned foreign certificate. See the module comment. */
export function checkForeignForVenue(input: ForeignCheckInput): ForeignGuardResult {
  const { text, trust, province, at, lang } = input
  const base = { at, province, trustListVersion: input.trustListVersion, claims: [] }
  const reason = (e: NpError) => ({
    code: e.code,
    text: errorText({ code: e.code, message: e.message, params: e.params }, lang),
  })
  let cert: ForeignCertificate
  try {
    cert = verifyForeign(text, validateForeignTrustList(trust), at, { checkTimes: false })
  } catch (e) {
    return { ...base, outcome: 'refuse', reasons: [reason(toNpError(e, 'NP_ERR_FOREIGN_MALFORMED'))] }
  }
  const foreign = summaryOf(cert, lang)
  const late = foreignTimeProblem(cert, at)
  if (late) return { ...base, outcome: 'refuse', reasons: [reason(late)], foreign }
  const sets = input.ruleSets ?? [DEMO_FOREIGN_RULES]
  const facts = buildFacts({
    codes: [],
    tests: cert.tests,
    vaccinations: cert.vaccinations,
    declarations: [],
    person: { birthDate: /^\d{4}-\d{2}-\d{2}$/.test(cert.person.birthDate) ? cert.person.birthDate : '1970-01-01' },
    destination: FOREIGN_RULES_PROVINCE,
    at,
  })
  const rules = selectRules(sets, FOREIGN_RULES_PROVINCE, at)
  if (!rules.length) {
    // No foreign-arrival rule in force: no verdict from nothing ('unknown' with its cause), never an admit.
    const e = new NpError('NP_ERR_RULES_NONE', {
      params: { province: FOREIGN_RULES_PROVINCE, at: new Date(at).toISOString() },
    })
    return { ...base, outcome: 'unknown', reasons: [reason(e)], foreign }
  }
  const verdict = evaluateRules(rules, facts, lang)
  return {
    ...base,
    outcome: verdict.outcome,
    reasons: [
      ...verdict.reasons.map((r) => ({ code: 'NP_ERR_RULE_NOT_MET' as const, ruleId: r.ruleId, text: r.text })),
      // A rule that cannot be evaluated: 'unknown' with its cause, never an admit.
      ...(verdict.unknown ? [{ code: 'NP_ERR_RULES_NONE' as const, text: verdict.unknown.text }] : []),
    ],
    foreign,
    ruleSetVersion: sets[0]?.version,
  }
}
