/**
 * What a traveller must act on, on the pass page: every pop-up rendered with
 * its type, message and how to clear it (never folded into "all green"); a
 * contact and a next step for every non-green code and every change without a
 * stated reason; the itinerary card the way people knew it, shown offline
 * from the device with its age; the declaration page two taps from the pass.
 * The pass and the card come from the device cache (no backend reachable).
 */
import type { ThunkAction, UnknownAction } from '@reduxjs/toolkit'
import type { Services } from '../../src/app/services'
import type { RootState } from '../../src/app/store'
import { addPersonFromForm } from '../../src/features/identity/identitySlice'
import { riskAreasLoaded } from '../../src/features/national/nationalSlice'
import { type BootedApp, bootApp } from './bootApp'

const H = 3_600_000
const D = 24 * H
const person = { name: '马丽娜', idNumber: '510104198511030218', phone: '13900000808' }
const personId = 'p-030218'

const writeStorage =
  (key: string, value: unknown): ThunkAction<void, RootState, Services, UnknownAction> =>
  (_d, _g, services) =>
    services.storage.write(key, value)

function code(province: string, colour: string, extra: Record<string, unknown> = {}) {
  const now = Date.now()
  return {
    province,
    issuer: province,
    colour,
    issuedAt: now - H,
    validUntil: now + D,
    history: [{ colour: 'green', at: now - 400 * D, reason: '首次申领' }],
    popUps: [],
    verified: true,
    ...extra,
  }
}

const result = (hc: ReturnType<typeof code>) => ({
  province: hc.province,
  status: 'done',
  healthCode: hc,
  tests: [],
  vaccinations: [],
})

/** Boot on the pass page with a saved pass and itinerary; the refresh finds no backend. */
async function passWith(codes: Array<ReturnType<typeof code>>, lang = 'zh-CN'): Promise<BootedApp> {
  const first = await bootApp({ route: 'settings', systemLanguage: lang, timeout: 20_000 })
  // Added as a family member: adding oneself now verifies an SMS code at the identity service, and no backend runs here.
  await first.store.dispatch(addPersonFromForm({ ...person, self: false, consent: true }))
  expect(first.state().identity.people.map((p) => p.id)).toContain(personId)
  const now = Date.now()
  first.store.dispatch(
    writeStorage(`pass.${personId}`, {
      savedAt: now - H,
      provinces: Object.fromEntries(codes.map((c) => [c.province, result(c)])),
    }),
  )
  first.store.dispatch(
    writeStorage(`itinerary.${personId}`, {
      savedAt: now - 2 * H,
      itinerary: {
        issuer: '中国信息通信研究院 (通信行程卡)',
        phone: '139****0808',
        issuedAt: now - 2 * H,
        validUntil: now + 22 * H,
        cities: [
          { code: '110100', name: '北京市', firstSeen: now - 3 * D, lastSeen: now - 2 * H - 60_000, starred: false },
          { code: '430100', name: '湖南省长沙市', firstSeen: now - 6 * D, lastSeen: now - 4 * D, starred: true },
        ],
        verified: true,
      },
    }),
  )
  const app = await bootApp({ route: 'pass', keepStorage: true, systemLanguage: lang, timeout: 20_000 })
  await app.waitFor(() => app.state().pass.byPerson[personId]?.provinces['110000'])
  return app
}

const travelPopUp = {
  type: 'travel-history',
  message: '您近期有中高风险地区所在城市旅居史，请报备',
  howToClear: '通过“京心相助”小程序或所在社区报备后申诉解除',
}

describe('pop-ups (弹窗)', () => {
  test.each([
    ['test-required', '1 号弹窗：核酸检测'],
    ['travel-history', '2 号弹窗：旅居史'],
    ['risk-contact', '3 号弹窗：风险接触'],
  ])('a Beijing %s pop-up shows its type, message, how to clear it, where and whom to call', async (type, label) => {
    const app = await passWith([
      code('110000', 'green', { popUps: [{ ...travelPopUp, type }] }),
      code('440000', 'green'),
      code('510000', 'green'),
    ])
    const card = await app.find(`[data-section="popups"] [data-popup="${type}"]`)
    expect(card.textContent).toContain(`北京市 · ${label}`)
    expect(card.textContent).toContain(travelPopUp.message)
    expect(card.querySelector('[data-popup-clear]')?.textContent).toContain(travelPopUp.howToClear)
    expect(card.querySelector('[data-popup-where]')?.textContent).toContain('北京任一核酸采样点')
    expect(card.querySelector('[data-service-hotline="12345"]')).not.toBeNull()
    expect(card.querySelector('[data-hotline="010-12320"]')).not.toBeNull()
    // Never folded into "all green": Beijing stays visible among the authorities.
    const beijing = await app.find('[data-section="authorities"] [data-province="110000"]')
    expect(beijing.parentElement?.className ?? '').not.toContain('np-hidden')
    // …and the pop-up is a next step with its authority's contact.
    expect(app.page().querySelector('[data-section="next-steps"] [data-contact="110000"]')).not.toBeNull()
  })

  test('a pop-up without a way to clear says so and points to the contact', async () => {
    const app = await passWith([code('110000', 'green', { popUps: [{ type: 'signed', message: '' }] })])
    const card = await app.find('[data-popup="signed"]')
    expect(card.textContent).toContain('发布方未说明解除方式')
    expect(card.querySelector('[data-service-hotline="12345"]')).not.toBeNull()
  })
})

describe('contacts and next steps', () => {
  test('a red code with a change that states no reason, and a yellow national code: each with its contact and a next step', async () => {
    const now = Date.now()
    const app = await passWith([
      code('110000', 'green'),
      code('410000', 'red', {
        history: [
          { colour: 'green', at: now - 700 * D, reason: '首次申领' },
          { colour: 'red', at: now - 2 * D },
        ],
      }),
      code('100000', 'yellow', { reason: '行程卡带星：长沙市' }),
    ])
    const henan = await app.find('[data-section="next-steps"] [data-contact="410000"]')
    expect(henan.getAttribute('data-why')).toBe('red no-reason')
    expect(henan.textContent).toContain('河南省显示红码')
    expect(henan.textContent).toContain('未说明原因')
    expect(henan.querySelector('[data-service-hotline="12345"]')).not.toBeNull()
    expect(henan.querySelector('[data-appeal]')).not.toBeNull()
    const national = app.page().querySelector('[data-section="next-steps"] [data-contact="100000"]')!
    expect(national.textContent).toContain('国家政务服务平台显示黄码')
    expect(national.querySelector('[data-hotline="12320"]')).not.toBeNull()
    expect(national.textContent).toContain('异议申诉')
    // Red first; the plainly green Beijing needs nothing.
    const order = Array.from(app.page().querySelectorAll('[data-section="next-steps"] [data-contact]')).map((e) =>
      e.getAttribute('data-contact'),
    )
    expect(order).toEqual(['410000', '100000'])
    // The national platform is one more authority on the pass and in the disagreement card.
    expect((await app.find('[data-section="authorities"] [data-province="100000"]')).textContent).toContain(
      '国家政务服务平台',
    )
    expect(app.page().querySelector('[data-section="disagreement"] [data-dissent="100000"]')).not.toBeNull()
  })

  test('every code plainly green: no next-steps card, no pop-up card', async () => {
    const app = await passWith([code('110000', 'green'), code('440000', 'green')])
    await app.find('[data-section="authorities"]')
    expect(app.page().querySelector('[data-section="next-steps"]')).toBeNull()
    expect(app.page().querySelector('[data-section="popups"]')).toBeNull()
  })

  test('in English', async () => {
    const app = await passWith([code('410000', 'red'), code('110000', 'green')], 'en-US')
    const henan = await app.find('[data-section="next-steps"] [data-contact="410000"]')
    expect(henan.textContent).toContain('Henan shows red: do not travel')
    expect(henan.textContent).toContain('Government service hotline: 12345')
  })
})

describe('the itinerary card (通信行程卡)', () => {
  test('shows the cities with the starred one, 更新于, the green arrow, and its age when offline', async () => {
    const app = await passWith([code('110000', 'green')])
    const card = await app.find('[data-section="itinerary"][data-starred="true"]')
    expect(card.textContent).toContain('通信大数据行程卡')
    expect(card.textContent).toContain('139****0808 的动态行程卡')
    expect(card.textContent).toContain('更新于')
    expect(card.querySelector('[data-arrow="green"]')).not.toBeNull()
    expect(card.querySelector('[data-itinerary-cities]')?.textContent).toBe('北京市，湖南省长沙市*')
    expect(card.querySelector('[data-city="430100"]')?.getAttribute('data-city-starred')).toBe('true')
    expect(card.querySelector('[data-star-note]')?.textContent).toContain('中风险或高风险地区')
    // No backend: the saved card, labelled with its age.
    await app.waitFor(() => app.state().national.itinerary[personId]?.status === 'failed')
    expect((await app.find('[data-itinerary-saved]')).textContent).toMatch(/2 小时/)
    // A verified risk-area list in force names the listed area under the starred city, with since when.
    const now = Date.now()
    app.store.dispatch(
      riskAreasLoaded({
        authority: '430000',
        list: {
          authority: '430000',
          version: 1,
          issuedAt: now - H,
          validFrom: now - H,
          validUntil: now + D,
          areas: [
            {
              code: '430102',
              city: '430100',
              name: { zh: '湖南省长沙市芙蓉区五一广场街道', en: 'Wuyi Square' },
              level: 'high',
              since: now - 5 * D,
            },
          ],
        },
      }),
    )
    const area = await app.find('[data-city="430100"] [data-risk-area="430102"]')
    expect(area.textContent).toMatch(/五一广场街道（高风险，.+起，湖南省发布）/)
  })
})

describe('declarations', () => {
  test('the declaration page is two taps from the pass: More, then Arrival declaration', async () => {
    const app = await passWith([code('110000', 'green')])
    await app.clickText('更多')
    await app.waitForPage('settings')
    await app.click('[data-link="declare"]')
    await app.waitForPage('declare')
  })
})
