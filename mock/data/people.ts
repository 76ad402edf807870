/**
 * DEMO people for the mock province backends. Every person replays one of the
 * stories in DESIGN.md. Names, ID numbers and phones are invented (the ID
 * numbers are valid GB 11643 numbers so the app's checks pass); all times are
 * functions of the server clock `now`, so the demos never go stale.
 */
import { idChecksum } from '../../src/core/idNumber'
import type { Colour, ColourChange, Identity, PopUp, ProvinceCode, TestResult, Vaccination } from '../../src/core/model'

const H = 3_600_000
const D = 24 * H

/** A province's view of a person at `now`. */
export interface DemoCodeState {
  colour: Colour
  reason?: string
  history: ColourChange[]
  popUps: PopUp[]
}

/** A test as the labs hold it, with the provinces whose backends report it. */
export interface DemoTest extends Omit<TestResult, 'claim'> {
  /** Provinces whose backends return this test (the sampling province first). */
  reportedBy: ProvinceCode[]
}

/** One DEMO person. */
export interface DemoPerson {
  /** Stable key used by tests and the demo UI, e.g. `green`. */
  key: string
  /** The DESIGN.md story the person replays. */
  story: string
  identity: Identity
  /** What `province` shows at `now`; provinces without an override show green. */
  code(province: ProvinceCode, now: number): DemoCodeState
  tests(now: number): DemoTest[]
  /** Doses, each reported by the province where it was given. */
  vaccinations(now: number): Vaccination[]
}

/** An 18-character ID from region, birth date (`YYYYMMDD`) and 3-digit sequence (odd: male). */
export function demoIdNumber(region: string, birth: string, seq: string): string {
  const first17 = `${region}${birth}${seq}`
  return first17 + idChecksum(first17)
}

/** `YYYYMMDD` of the day `years` years and `days` days before today (wall clock, UTC). */
function birthYearsAgo(years: number, days: number): string {
  const t = new Date(Date.now() - days * D)
  t.setUTCFullYear(t.getUTCFullYear() - years)
  return t.toISOString().slice(0, 10).replace(/-/g, '')
}

function iso(yyyymmdd: string): string {
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`
}

function identity(name: string, region: string, birth: string, seq: string, phone: string): Identity {
  return { name, idNumber: demoIdNumber(region, birth, seq), phone, birthDate: iso(birth) }
}

/** Green since long ago: what most provinces show for most people. */
export function greenState(now: number): DemoCodeState {
  return {
    colour: 'green',
    history: [{ colour: 'green', at: now - 400 * D, reason: '首次申领 · first issued' }],
    popUps: [],
  }
}

type Overrides = Partial<Record<ProvinceCode, (now: number) => DemoCodeState>>

interface PersonSpec {
  key: string
  story: string
  identity: Identity
  codes?: Overrides
  tests?: (now: number) => DemoTest[]
  vaccinations?: (now: number) => Vaccination[]
}

function person(spec: PersonSpec): DemoPerson {
  return {
    key: spec.key,
    story: spec.story,
    identity: spec.identity,
    code: (province, now) => spec.codes?.[province]?.(now) ?? greenState(now),
    tests: (now) => spec.tests?.(now) ?? [],
    vaccinations: (now) => spec.vaccinations?.(now) ?? [],
  }
}

function pcr(
  sampleId: string,
  province: ProvinceCode,
  lab: string,
  sampledAt: number,
  reportedAt: number | undefined,
  extra: Partial<Pick<DemoTest, 'pooled' | 'reportedBy' | 'kind'>> = {},
): DemoTest {
  return {
    sampleId,
    kind: extra.kind ?? 'pcr',
    outcome: reportedAt === undefined ? 'pending' : 'negative',
    sampledAt,
    ...(reportedAt === undefined ? {} : { reportedAt }),
    pooled: extra.pooled ?? false,
    lab,
    province,
    reportedBy: extra.reportedBy ?? [province],
  }
}

function doses(
  province: ProvinceCode,
  ats: number[],
  product = '新冠病毒灭活疫苗(Vero细胞)',
  manufacturer = '北京科兴中维 (DEMO)',
): Vaccination[] {
  return ats.map((at, i) => ({ dose: i + 1, product, manufacturer, at, province }))
}

/** The phone of 林晓明, also used by his mother and daughter, who have none of their own. */
const FAMILY_PHONE = '13900000101'
const CHENGDU_LAB = '成都市锦江区核酸检测基地 (DEMO)'

/** Every DEMO person, by story. */
export const demoPeople: readonly DemoPerson[] = [
  person({
    key: 'green',
    story: 'All green everywhere; a PCR every day in Chengdu (Sichuan pages through them); three doses.',
    identity: identity('林晓明', '510104', '19880312', '017', FAMILY_PHONE),
    tests: (now) =>
      [0, 1, 2, 3].map((d) =>
        pcr(`SC510104-${1001 + d}`, '510000', CHENGDU_LAB, now - 6 * H - d * D, now - 2 * H - d * D, { pooled: d > 0 }),
      ),
    vaccinations: (now) => doses('510000', [now - 600 * D, now - 570 * D, now - 400 * D]),
  }),
  person({
    key: 'conflicted',
    story: 'National platform and Fujian green, Hunan yellow at the same moment; Hunan states its reason.',
    identity: identity('周文静', '350102', '19920807', '026', '13900000202'),
    codes: {
      '430000': (now) => {
        const reason =
          '与确诊病例时空交集：长沙市五一广场，前日 19:00–21:00 · space-time overlap with a confirmed case (Changsha, Wuyi Square)'
        return {
          colour: 'yellow',
          reason,
          history: [
            { colour: 'green', at: now - 300 * D, reason: '首次申领 · first issued' },
            { colour: 'yellow', at: now - 20 * H, reason },
          ],
          popUps: [],
        }
      },
    },
    tests: (now) => [pcr('FJ350102-2207', '350000', '福州市鼓楼区医院检验科 (DEMO)', now - 30 * H, now - 22 * H)],
    vaccinations: (now) => doses('350000', [now - 500 * D, now - 470 * D]),
  }),
  person({
    key: 'henan-depositor',
    story: 'Henan turned the code red with no reason stated (bank depositors); every other province green.',
    identity: identity('王建国', '411302', '19750521', '035', '13900000303'),
    codes: {
      '410000': (now) => ({
        colour: 'red',
        history: [
          { colour: 'green', at: now - 700 * D, reason: '首次申领 · first issued' },
          { colour: 'red', at: now - 2 * D },
        ],
        popUps: [],
      }),
    },
    tests: (now) => [pcr('HA411302-0419', '410000', '南阳市中心医院检验科 (DEMO)', now - 28 * H, now - 20 * H)],
    vaccinations: (now) => doses('410000', [now - 520 * D, now - 490 * D, now - 300 * D]),
  }),
  person({
    key: 'late-report',
    story:
      'The lab was slow: sampled 25.5 h ago, reported 1.5 h ago. A 24 h rule counted from sample refuses (1.5 h "too late"); counted from report admits.',
    identity: identity('陈思远', '440106', '19950116', '051', '13900000404'),
    tests: (now) => [
      pcr('GD440106-8841', '440000', '广州市天河区金域检测 (DEMO)', now - 25.5 * H, now - 1.5 * H, { pooled: true }),
    ],
    vaccinations: (now) => doses('440000', [now - 450 * D, now - 420 * D]),
  }),
  person({
    key: 'beijing-pending',
    story: "Today's Beijing test is pending (no report yet); yesterday's was negative.",
    identity: identity('李雪', '110105', '19900902', '062', '13900000505'),
    tests: (now) => [
      pcr('BJ110105-5501', '110000', '北京市朝阳区疾控中心实验室 (DEMO)', now - 3 * H, undefined),
      pcr('BJ110105-5488', '110000', '北京市朝阳区疾控中心实验室 (DEMO)', now - 27 * H, now - 21 * H),
    ],
    vaccinations: (now) => doses('110000', [now - 480 * D, now - 450 * D, now - 280 * D]),
  }),
  person({
    key: 'pooled',
    story:
      'A pooled (混检) sample taken in Suzhou is reported by both Jiangsu and Shanghai (same sampleId: merge it); Beijing never got it and shows a test pop-up.',
    identity: identity('赵一鸣', '320505', '19870425', '073', '13900000606'),
    codes: {
      '110000': (now) => ({
        ...greenState(now),
        popUps: [
          {
            type: 'test-required',
            message: '未查询到您72小时内核酸检测结果 · no nucleic-acid result within 72 h found',
            howToClear:
              '在北京任一采样点完成核酸检测，结果出具后自动解除 · take a test at any Beijing site; clears when the result is out',
          },
        ],
      }),
    },
    tests: (now) => [
      pcr('JS320505-H0931', '320000', '苏州市虎丘区混检点 / 金域检验 (DEMO)', now - 20 * H, now - 12 * H, {
        pooled: true,
        reportedBy: ['320000', '310000'],
      }),
    ],
    vaccinations: (now) => doses('320000', [now - 510 * D, now - 480 * D]),
  }),
  person({
    key: 'child',
    story: "A five-year-old (林晓明's daughter) with no phone of her own; travels on a parent's pass.",
    identity: identity('林朵朵', '510104', birthYearsAgo(5, 100), '028', FAMILY_PHONE),
    tests: (now) => [pcr('SC510104-2001', '510000', CHENGDU_LAB, now - 30 * H, now - 24 * H, { pooled: true })],
  }),
  person({
    key: 'elder',
    story: "A 78-year-old (林晓明's mother) without a phone of her own; her son manages her pass; elder mode.",
    identity: identity('刘桂英', '510104', birthYearsAgo(78, 40), '042', FAMILY_PHONE),
    tests: (now) => [pcr('SC510104-3001', '510000', CHENGDU_LAB, now - 40 * H, now - 33 * H)],
    vaccinations: (now) => doses('510000', [now - 560 * D, now - 530 * D]),
  }),
  person({
    key: 'national-yellow',
    story:
      'The national platform shows yellow (itinerary starred: Changsha), Guangdong and every province green: a national-vs-province disagreement; the itinerary card stars Changsha.',
    identity: identity('黄志强', '440104', '19830630', '093', '13900000707'),
    codes: {
      '100000': (now) => {
        const reason = '行程卡带星：长沙市 · starred itinerary: Changsha'
        return {
          colour: 'yellow',
          reason,
          history: [
            { colour: 'green', at: now - 500 * D, reason: '首次申领 · first issued' },
            { colour: 'yellow', at: now - 20 * H, reason },
          ],
          popUps: [],
        }
      },
    },
    tests: (now) => [pcr('GD440104-7070', '440000', '深圳市南山区核酸采样点 (DEMO)', now - 26 * H, now - 18 * H)],
    vaccinations: (now) => doses('440000', [now - 530 * D, now - 500 * D, now - 320 * D]),
  }),
  person({
    key: 'beijing-travel-popup',
    story: 'Beijing shows a 2号 travel-history pop-up (was in a city with a risk area); green elsewhere.',
    identity: identity('马丽娜', '110108', '19910214', '104', '13900000808'),
    codes: {
      '110000': (now) => ({
        ...greenState(now),
        popUps: [
          {
            type: 'travel-history',
            message:
              '您近期有中高风险地区所在城市旅居史，请报备 · you recently stayed in a city with a medium/high-risk area; please report',
            howToClear:
              '通过“京心相助”小程序或所在社区报备，完成 1 次核酸检测后申诉解除 · report via 京心相助 or your community, take a PCR test, then appeal to clear',
          },
        ],
      }),
    },
    tests: (now) => [pcr('BJ110108-6001', '110000', '北京市海淀区疾控中心实验室 (DEMO)', now - 30 * H, now - 24 * H)],
    vaccinations: (now) => doses('110000', [now - 480 * D, now - 450 * D]),
  }),
  person({
    key: 'beijing-contact-popup',
    story: 'Beijing shows a 3号 risk-contact pop-up (时空伴随); green elsewhere.',
    identity: identity('杜晨', '110101', '19960918', '115', '13900000909'),
    codes: {
      '110000': (now) => ({
        ...greenState(now),
        popUps: [
          {
            type: 'risk-contact',
            message:
              '您与风险人员存在时空交集，请配合社区做好健康管理 · your movements overlapped with a person at risk; follow your community’s health management',
            howToClear:
              '联系所在社区或拨打 12345，按要求完成“三天两检”后由社区申请解除 · contact your community or call 12345; after two tests in three days the community asks to clear it',
          },
        ],
      }),
    },
    tests: (now) => [pcr('BJ110101-6101', '110000', '北京市东城区疾控中心实验室 (DEMO)', now - 20 * H, now - 14 * H)],
    vaccinations: (now) => doses('110000', [now - 470 * D, now - 440 * D, now - 260 * D]),
  }),
]

/** The DEMO person with `key`; throws naming the known keys otherwise. */
export function demoPerson(key: string): DemoPerson {
  const p = demoPeople.find((x) => x.key === key)
  if (!p) throw new Error(`No demo person "${key}"; known: ${demoPeople.map((x) => x.key).join(', ')}`)
  return p
}
