/**
 * Identity restored at launch (whatever the first page), the trip form kept
 * across pages, the person form's labelled problems, and page-stack navigation
 * (secondary pages open on top so Back returns; the stack stays shallow).
 */
import type { ThunkAction, UnknownAction } from '@reduxjs/toolkit'
import type { Services } from '../../src/app/services'
import type { RootState } from '../../src/app/store'
import { addPersonFromForm } from '../../src/features/identity/identitySlice'
import { type BootedApp, bootApp } from './bootApp'

const H = 3_600_000
const person = { name: '张三', idNumber: '510104198511030218', phone: '13800000000' }
const personId = 'p-030218'

/** Write through the app's own (encrypted) storage, as a thunk sees it. */
const writeStorage =
  (key: string, value: unknown): ThunkAction<void, RootState, Services, UnknownAction> =>
  (_d, _g, services) =>
    services.storage.write(key, value)

function stackRoutes(app: BootedApp): string[] {
  return app.Taro.getCurrentPages().map((p) => (p.route ?? '').replace(/^\//, ''))
}

/** What Taro's picker emits when the traveller confirms a value on its sheet. */
function pickerChange(picker: Element, value: string) {
  picker.dispatchEvent(new window.CustomEvent('change', { detail: { value } }))
}

/** Set a date-and-time field through its date and time pickers, and wait until the page shows it. */
async function pick(app: BootedApp, field: string, when: string) {
  const [date, time] = when.split(' ')
  pickerChange(await app.find(`${field} taro-picker-core[mode="date"]`), date)
  pickerChange(await app.find(`${field} taro-picker-core[mode="time"]`), time)
  await app.find(`${field}[data-value="${when}"]`)
}

async function typeInto(app: BootedApp, selector: string, text: string) {
  const input = (await app.find(`${selector} input`)) as HTMLInputElement
  input.value = text
  input.dispatchEvent(new window.Event('input', { bubbles: true }))
}

describe('launch', () => {
  test('opening the app on Trip restores the traveller and their saved pass: the trip uses the pass', async () => {
    const first = await bootApp({ route: 'settings' })
    // Added by the form (a family member: signing oneself in on H5 takes the SMS code, tested in test/unit).
    await first.store.dispatch(addPersonFromForm({ ...person, self: false, consent: true }))
    expect(first.state().identity.activeId).toBe(personId)
    const now = Date.now()
    const code = {
      province: '440000',
      issuer: 'GD',
      colour: 'green',
      issuedAt: now - H,
      validUntil: now + 24 * H,
      history: [],
      popUps: [],
      verified: true,
    }
    first.store.dispatch(
      writeStorage(`pass.${personId}`, {
        savedAt: now - H,
        provinces: { '440000': { province: '440000', status: 'done', healthCode: code, tests: [], vaccinations: [] } },
      }),
    )

    const app = await bootApp({ route: 'trip', keepStorage: true })
    await app.waitFor(() => app.state().identity.activeId === personId)
    await app.waitFor(() => app.state().pass.byPerson[personId]?.provinces['440000'])
    await app.findText('按本机通行码中的检测与健康码推算')
    expect(app.page().querySelector('[data-field="pcr-sampled"]')).toBeNull()
  })
})

describe('trip form', () => {
  test('a pick that lands before the re-render keeps what was just chosen (stops update from the store, not the render)', async () => {
    const app = await bootApp({ route: 'trip' })
    const date = await app.find('[data-stop-input="0"] [data-field="arrival"] taro-picker-core[mode="date"]')
    const time = await app.find('[data-stop-input="0"] [data-field="arrival"] taro-picker-core[mode="time"]')
    const add = await app.find('[data-action="add-stop"]')
    // Pick a date, a time and tap "add" in the same task: React has not re-rendered the page in between.
    pickerChange(date, '2030-01-02')
    pickerChange(time, '10:00')
    add.dispatchEvent(new window.MouseEvent('click', { bubbles: true, cancelable: true }))
    await app.waitFor(() => app.state().trip.draft.stops.length === 2)
    expect(app.state().trip.draft.stops.map((x) => x.arrival)).toEqual(['2030-01-02 10:00', '2030-01-02 16:00'])
  })

  test('the stops survive going to another page and back', async () => {
    const app = await bootApp({ route: 'trip' })
    await pick(app, '[data-stop-input="0"] [data-field="arrival"]', '2030-01-02 10:00')
    await app.waitFor(() => app.state().trip.draft.stops[0]?.arrival === '2030-01-02 10:00')
    await app.click('[data-action="add-stop"]')
    await app.find('[data-stop-input="1"]')
    await app.waitFor(() => app.state().trip.draft.stops.length === 2)
    await app.click('.np-nav [data-nav=settings]')
    await app.waitForPage('settings')
    await app.click('.np-nav [data-nav=trip]')
    await app.waitForPage('trip')
    await app.find('[data-stop-input="1"]')
    const arrival = await app.find('[data-stop-input="0"] [data-field="arrival"]')
    expect(arrival.getAttribute('data-value')).toBe('2030-01-02 10:00')
    expect(arrival.textContent).toMatch(/2030-01-02.*10:00/)
    expect(app.state().trip.draft.stops).toHaveLength(2)
  })
})

describe('person form', () => {
  test('a mistyped ID number is shown under 身份证号 with no internal field name and no suggested digit', async () => {
    const app = await bootApp({ route: 'settings' })
    await app.click('[data-link=family]')
    await app.waitForPage('family')
    await typeInto(app, '[data-field="name"]', person.name)
    await typeInto(app, '[data-field="idNumber"]', '510104198512040218')
    await typeInto(app, '[data-field="phone"]', person.phone)
    await app.click('[data-field="consent"]')
    await app.click('[data-action="submit-person"]')
    const error = await app.find('[data-field-error="idNumber"]')
    expect(error.textContent).toBe('身份证号：校验位不符：18位中有字符输错，请对照身份证逐位核对')
    expect(app.page().textContent).not.toMatch(/idNumber|should be/)
  })
})

describe('navigation', () => {
  test('secondary pages open on top (Back returns); bottom-nav pages keep the stack flat', async () => {
    const app = await bootApp({ route: 'settings' })
    expect(stackRoutes(app)).toEqual(['pages/settings/index'])

    // Settings → Family: pushed, so Back returns to Settings.
    await app.click('[data-link=family]')
    await app.waitForPage('family')
    expect(stackRoutes(app)).toEqual(['pages/settings/index', 'pages/family/index'])
    await app.Taro.navigateBack()
    await app.waitForPage('settings')
    expect(stackRoutes(app)).toEqual(['pages/settings/index'])

    // Settings → Venue, then the bottom nav to Settings: back to the page underneath.
    await app.click('[data-link=venue]')
    await app.waitForPage('venue')
    expect(stackRoutes(app)).toHaveLength(2)
    await app.click('.np-nav [data-nav=settings]')
    await app.waitForPage('settings')
    expect(stackRoutes(app)).toEqual(['pages/settings/index'])

    // Settings → Family, then the bottom nav to Trip: the stack is just Trip.
    await app.click('[data-link=family]')
    await app.waitForPage('family')
    await app.click('.np-nav [data-nav=trip]')
    await app.waitForPage('trip')
    await app.waitFor(() => stackRoutes(app).length === 1)
    expect(stackRoutes(app)).toEqual(['pages/trip/index'])

    // Between bottom-nav pages: replaced, never stacked.
    await app.click('.np-nav [data-nav=scan]')
    await app.waitForPage('scan')
    expect(stackRoutes(app)).toEqual(['pages/scan/index'])
  })
})
