import { defineStrings } from '../../i18n'

/** Strings of the national cards: itinerary, pop-ups, contacts and next steps. */
export const nationalStrings = defineStrings({
  itineraryTitle: { zh: '通信大数据行程卡', en: 'Telecom itinerary card (通信行程卡)' },
  itineraryPhone: { zh: '{phone} 的动态行程卡', en: 'Itinerary of {phone}' },
  itineraryUpdated: { zh: '更新于：{at}', en: 'Updated (更新于): {at}' },
  itineraryVisited: {
    zh: '您于前 14 天内到达或途经：',
    en: 'In the last 14 days you arrived in or passed through:',
  },
  itineraryStarNote: {
    zh: '* 注：* 表示当前该城市存在中风险或高风险地区，并不表示用户实际到访过这些中高风险地区。',
    en: '* A star means the city has a medium- or high-risk area; it does not mean you were in that area.',
  },
  itinerarySeen: { zh: '{first} 至 {last}', en: '{first} to {last}' },
  itinerarySaved: { zh: '无网络：显示本机保存的行程卡（{age} 前）', en: 'Offline: the itinerary saved {age} ago' },
  itineraryLoading: { zh: '正在获取行程卡…', en: 'Loading the itinerary card…' },
  itineraryFailed: { zh: '行程卡获取失败', en: 'The itinerary card could not be loaded' },
  verified: { zh: '✓ 已验签', en: '✓ signature verified' },
  unverified: { zh: '未验签', en: 'not verified' },
  popUpsTitle: { zh: '弹窗', en: 'Pop-ups (弹窗)' },
  popUpType: { zh: '{authority} · {type}', en: '{authority} · {type}' },
  'popup.test-required': { zh: '1 号弹窗：核酸检测', en: 'No. 1 pop-up: test required' },
  'popup.travel-history': { zh: '2 号弹窗：旅居史', en: 'No. 2 pop-up: travel history' },
  'popup.risk-contact': { zh: '3 号弹窗：风险接触', en: 'No. 3 pop-up: risk contact' },
  'popup.signed': { zh: '弹窗（详情未随签名提供）', en: 'Pop-up (details not signed)' },
  'popup.other': { zh: '弹窗', en: 'Pop-up' },
  popUpHowToClear: { zh: '如何解除：{how}', en: 'How to clear it: {how}' },
  popUpNoHow: {
    zh: '发布方未说明解除方式：请联系下列渠道',
    en: 'The authority did not say how to clear it: ask below',
  },
  popUpWhere: { zh: '在哪里办：{where}', en: 'Where: {where}' },
  popUpNotGreen: {
    zh: '有弹窗时，该码不算“全部绿码”',
    en: 'A code with a pop-up never counts as “all green”',
  },
  nextTitle: { zh: '下一步怎么办', en: 'What to do next' },
  nextYellow: {
    zh: '{authority}显示黄码：按要求完成核酸检测；有异议可通过下列渠道申诉。',
    en: '{authority} shows yellow: take the test it asks for; if you disagree, appeal through the channels below.',
  },
  nextRed: {
    zh: '{authority}显示红码：请勿出行，联系下列渠道了解原因并申诉。',
    en: '{authority} shows red: do not travel; contact it below to learn why and to appeal.',
  },
  nextNoReason: {
    zh: '{authority}于 {at} 改变了码色但未说明原因：可通过下列渠道询问或申诉。',
    en: '{authority} changed your colour at {at} without stating a reason: ask or appeal below.',
  },
  nextPopUp: {
    zh: '{authority}有弹窗：按上方“如何解除”办理。',
    en: '{authority} shows a pop-up: follow “how to clear it” above.',
  },
  contactHotline: { zh: '咨询电话：{hotline}', en: 'Hotline: {hotline}' },
  contactService: { zh: '政务服务便民热线：{hotline}', en: 'Government service hotline: {hotline}' },
  contactAppeal: { zh: '申诉渠道：{appeal}', en: 'Appeal: {appeal}' },
  declareLink: { zh: '去填写入境申报 ›', en: 'Fill in the arrival declaration ›' },
  riskArea: {
    zh: '{area}（{level}，{since}起，{authority}发布）',
    en: '{area} ({level}, since {since}, listed by {authority})',
  },
  'level.high': { zh: '高风险', en: 'high risk' },
  'level.medium': { zh: '中风险', en: 'medium risk' },
})
