import provinces from '../../core/data/provinces.json'
import { authorityName } from '../../core/authorities'
import type { Colour } from '../../core/model'
import { defineStrings, type Lang } from '../../i18n'

/** The pass screen's own strings. */
// Pure: a bundle that takes only the helpers below (the H5 boot shell, src/boot) leaves the table out.
export const passStrings = /* @__PURE__ */ defineStrings({
  answered: { zh: '{n}/{m} 个省份已应答', en: '{n} of {m} provinces answered' },
  refresh: { zh: '刷新', en: 'Refresh' },
  refreshing: { zh: '正在刷新…', en: 'Refreshing…' },
  savedAgo: { zh: '本机保存于 {age} 前', en: 'Saved on this device {age} ago' },
  offline: { zh: '无网络：显示上次保存的通行码', en: 'No network: showing the last saved pass' },
  skew: {
    zh: '本机时钟与服务器相差 {skew}，时间均按服务器时间计算',
    en: 'This device clock is {skew} off the server clock; all times use server time',
  },
  here: { zh: '当前所在地', en: 'You are in' },
  admit: { zh: '可以通行', en: 'Admitted' },
  refuse: { zh: '不可通行', en: 'Refused' },
  'needs-action': { zh: '需先处理', en: 'Action needed' },
  unknown: { zh: '无法判断', en: 'Cannot tell' },
  rulesLoading: { zh: '正在获取入境规则…', en: 'Loading entry rules…' },
  rulesFailed: { zh: '无法获取入境规则：', en: 'Entry rules unavailable: ' },
  holdsUntil: { zh: '有效至 {at}（还剩 {left}）', en: 'Holds until {at} ({left} left)' },
  admittedFrom: { zh: '{at} 起可以通行（{left} 后）', en: 'Admitted from {at} (in {left})' },
  noChange: { zh: '结论暂无到期时间', en: 'No change expected' },
  noChangeWeek: { zh: '7 天内结论不会变化', en: 'No change expected within 7 days' },
  latestNegative: {
    zh: '您最近一次阴性结果：{kind}，采样于 {sampled}（{sampledAgo} 前），{reported}',
    en: 'Your latest negative: {kind}, sampled {sampled} ({sampledAgo} ago), {reported}',
  },
  reportedAgo: { zh: '出结果于 {at}（{ago} 前）', en: 'reported {at} ({ago} ago)' },
  noNegative: { zh: '暂无阴性检测结果', en: 'No negative test on record' },
  pendingTest: {
    zh: '另有 {kind} 采样于 {sampled}（{ago} 前），结果待出',
    en: 'a newer {kind} sampled {sampled} ({ago} ago) is pending',
  },
  pendingAdmits: {
    zh: '可以通行是因为 {kind}（采样于 {sampled}）结果待出，期间前次阴性结果仍有效',
    en: 'Admitted because your {kind} sampled {sampled} is still pending: the previous negative counts meanwhile',
  },
  nobody: { zh: '暂无任何省份有此人的记录', en: 'No province has records for this person yet' },
  nobodyHint: {
    zh: '请核对姓名与身份证号；在某省完成核酸检测或申领健康码后，这里会显示记录',
    en: 'Check the name and ID number; records appear here once a province has tested this person or issued a code',
  },
  forUseIn: { zh: '通行码适用地', en: 'For use in' },
  qrTitle: { zh: '通行二维码', en: 'Pass QR' },
  qrNone: { zh: '暂无经签名的凭证，无法生成二维码', en: 'No signed claim yet: no QR' },
  qrOld: {
    zh: '此通行码生成于 {age} 前，核验时会被视为截图：请联网刷新',
    en: 'Made {age} ago: a guard will take it for a screenshot; connect to refresh',
  },
  qrWaiting: { zh: '各省份应答后生成二维码…', en: 'The QR appears once the provinces have answered…' },
  incomplete: {
    zh: '未核实 {n} 个地区：{list} — 结论可能变化',
    en: 'Not checked ({n}): {list} — this verdict may change',
  },
  whyConsent: { zh: '已撤回授权', en: 'consent withdrawn' },
  whyLoading: { zh: '查询中', en: 'still answering' },
  whyFailed: { zh: '未应答', en: 'no answer' },
  failedCount: { zh: ' · {f} 个未应答', en: ' · {f} without an answer' },
  qrFresh: { zh: '{s} 秒前生成 · 自动刷新', en: 'Made {s} s ago · refreshes itself' },
  authorities: { zh: '各地健康码', en: 'Every authority' },
  allGreen: { zh: '{n} 个地区：绿码，均已验签', en: '{n} authorities: green, all verified' },
  show: { zh: '展开', en: 'Show' },
  hide: { zh: '收起', en: 'Hide' },
  verified: { zh: '✔ 已验签', en: '✔ verified' },
  unverified: { zh: '未签名，无法验证', en: 'unsigned, not verified' },
  loading: { zh: '查询中…', en: 'asking…' },
  freshOthers: {
    zh: '正在向其余 {n} 个地区查询，完整通行码随后显示',
    en: 'Asking the other {n} authorities; the whole pass follows',
  },
  timeout: { zh: '超时未应答', en: 'timed out' },
  failed: { zh: '出错：', en: 'failed: ' },
  staleData: { zh: '（显示上次结果）', en: '(showing the last answer)' },
  reason: { zh: '原因：{reason}', en: 'reason given: {reason}' },
  noReason: { zh: '⚠ 未说明原因', en: '⚠ no reason given' },
  since: { zh: '自 {at}', en: 'since {at}' },
  disagree: { zh: '各地结论不一致', en: 'The authorities disagree' },
  dissentLine: { zh: '{province}：{colour}，自 {at} 起 — {reason}', en: '{province}: {colour} since {at} — {reason}' },
  others: { zh: '其余 {n} 地：{colour}', en: 'others ({n}): {colour}' },
  history: { zh: '颜色变化记录', en: 'Colour history' },
  tests: { zh: '核酸/抗原检测（已合并）', en: 'Tests (merged)' },
  sampled: { zh: '采样 {at}', en: 'sampled {at}' },
  reported: { zh: '出结果 {at}', en: 'reported {at}' },
  pending: { zh: '结果待出', en: 'pending' },
  negative: { zh: '阴性', en: 'negative' },
  positive: { zh: '阳性', en: 'positive' },
  pooled: { zh: '混检', en: 'pooled' },
  single: { zh: '单检', en: 'single' },
  noTests: { zh: '暂无检测记录', en: 'No tests' },
  vaccinations: { zh: '疫苗接种', en: 'Vaccinations' },
  dose: { zh: '第 {n} 剂', en: 'Dose {n}' },
  destination: { zh: '目的地', en: 'Destination' },
  pick: { zh: '选择省份', en: 'Pick a province' },
  consent: { zh: '授权的省份', en: 'Provinces you share your identity with' },
  withdraw: { zh: '撤回授权', en: 'Withdraw' },
  give: { zh: '授权', en: 'Consent' },
  person: { zh: '当前查看：{name}', en: 'Pass of {name}' },
  family: { zh: '家人代查', en: 'Family' },
  staleAge: { zh: '显示 {age} 前的结果', en: 'showing the answer from {age} ago' },
  restsOnStale: {
    zh: '结论部分基于旧数据：{list} 本次未应答',
    en: 'This verdict partly rests on earlier answers: {list} did not answer this time',
  },
  offlineRows: {
    zh: '{n} 个地区本次无法连接，以下为上次保存的结果',
    en: '{n} authorities could not be reached: below are the saved answers',
  },
  unsignedApart: {
    zh: '另有 {n} 地的健康码未签名，无法验证，未计入',
    en: '{n} more unsigned (unverifiable) code(s) not counted',
  },
  qrLabel: { zh: '{name}的通行码，{colour}', en: 'National Pass of {name}, {colour} code' },
  qrColour: { zh: '{shape} {colour}', en: '{shape} {colour} code' },
  live: { zh: '实时', en: 'live' },
  qrBound: {
    zh: '已绑定本机：{s} 秒前由本机签名，每 {every} 秒重新签名（截图 1 分钟后失效）',
    en: 'Bound to this phone: signed here {s} s ago, re-signed every {every} s (a screenshot fails after a minute)',
  },
})

/** A shape for each code colour, so the colour never stands alone (colour-blind readers). */
export const COLOUR_SHAPE: Record<Colour, string> = { green: '●', yellow: '▲', red: '■' }

export const COLOUR_TEXT: Record<Colour, { zh: string; en: string }> = {
  green: { zh: '绿码', en: 'green' },
  yellow: { zh: '黄码', en: 'yellow' },
  red: { zh: '红码', en: 'red' },
}

/** Every province, by code, in list order. */
export const PROVINCES = provinces.provinces

export function provinceName(code: string, lang: Lang): string {
  const p = PROVINCES.find((x) => x.code === code)
  return p ? p[lang] : (authorityName(code, lang) ?? code)
}

/** `3 h 05 min`, `12 min 04 s`, `45 s` for countdowns and ages. */
export function duration(ms: number, lang: Lang): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = s % 60
  const pad = (n: number) => String(n).padStart(2, '0')
  if (lang === 'zh') return h ? `${h} 小时 ${pad(m)} 分` : m ? `${m} 分 ${pad(sec)} 秒` : `${sec} 秒`
  return h ? `${h} h ${pad(m)} min` : m ? `${m} min ${pad(sec)} s` : `${sec} s`
}
