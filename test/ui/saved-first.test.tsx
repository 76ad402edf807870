/**
 * Start-up order on the pass page (issue 16): the first frame comes from the
 * saved display record only — the saved colour with its age, "saved,
 * refreshing…" — and the province rows and the QR come after it, from the
 * saved pass read after the first paint. A stale record is marked as such; a
 * record with no verified code shows no colour. No province answers here, so
 * the saved colour stays, labelled as not verified again.
 */
import type { ThunkAction, UnknownAction } from '@reduxjs/toolkit'
import type { Services } from '../../src/app/services'
import type { RootState } from '../../src/app/store'
import { addPersonFromForm } from '../../src/features/identity/identitySlice'
import type { ProvinceResult } from '../../src/features/pass/passLogic'
import { DISPLAY_KEY, displayOf } from '../../src/features/pass/savedDisplay'
import { PROVINCES } from '../../src/features/pass/strings'
import { type BootedApp, bootApp } from './bootApp'

const H = 3_600_000
const D = 24 * H
const person = { name: '马丽娜', idNumber: '510104198511030218', phone: '13900000808' }
const personId = 'p-030218'

const writeStorage =
  (key: string, value: unknown): ThunkAction<void, RootState, Services, UnknownAction> =>
  (_d, _g, services) =>
    services.storage.write(key, value)

function result(province: string, colour: string, verified = true, validUntil = Date.now() + D): ProvinceResult {
  const now = Date.now()
  return {
    province,
    status: verified ? 'done' : 'unverified',
    healthCode: {
      province,
      issuer: province,
      colour,
      issuedAt: now - H,
      validUntil,
      history: [{ colour: 'green', at: now - 400 * D, reason: '首次申领' }],
      popUps: [],
      verified,
    },
    tests: [],
    vaccinations: [],
    at: now - H,
  } as ProvinceResult
}

interface Frame {
  saved: boolean
  verifiedSaved: boolean
  rows: number
  qr: boolean
}

/**
 * Boot on the pass page with a saved pass (and its display record, saved
 * `ageMs` ago), noting what every DOM change showed, from the first one.
 */
async function startWith(
  results: ProvinceResult[],
  ageMs: number,
  systemLanguage = 'zh-CN',
): Promise<{ app: BootedApp; frames: Frame[]; stop: () => void }> {
  const first = await bootApp({ route: 'settings', systemLanguage, timeout: 20_000 })
  await first.store.dispatch(addPersonFromForm({ ...person, self: false, consent: true }))
  expect(first.state().identity.activeId).toBe(personId)
  const savedAt = Date.now() - ageMs
  const provinces = Object.fromEntries(results.map((r) => [r.province, r]))
  first.store.dispatch(writeStorage(`pass.${personId}`, { savedAt, provinces }))
  const codes = PROVINCES.map((p) => p.code)
  first.store.dispatch(writeStorage(DISPLAY_KEY, displayOf(personId, person.name, provinces, savedAt, codes, 'zh')))
  first.unmount()

  const frames: Frame[] = []
  const look = () => {
    const card = document.querySelector('[data-section="saved"]')
    frames.push({
      saved: card !== null,
      verifiedSaved: card?.getAttribute('data-verified') === 'true',
      rows: document.querySelectorAll('[data-province]').length,
      qr: document.querySelector('[data-section="qr"]') !== null,
    })
  }
  // Every DOM change the app makes, from its first render on (the observer outlives bootApp's clean-up).
  const mo = new MutationObserver(look)
  mo.observe(document, { subtree: true, childList: true, attributes: true })
  const app = await bootApp({ route: 'pass', keepStorage: true, systemLanguage, timeout: 20_000 })
  return { app, frames, stop: () => mo.disconnect() }
}

describe('the pass page starts from the saved display record', () => {
  test('first frame: the saved colour alone; the province rows and the QR come after it', async () => {
    const { app, frames, stop } = await startWith(
      [result('110000', 'green'), result('310000', 'green'), result('440000', 'yellow')],
      2 * 60_000,
    )
    try {
      await app.find('[data-province="110000"]')
      await app.find('[data-section="qr"]')
      const firstSaved = frames.findIndex((f) => f.saved)
      const firstRows = frames.findIndex((f) => f.rows > 0)
      const firstQr = frames.findIndex((f) => f.qr)
      expect(firstSaved).toBeGreaterThanOrEqual(0)
      // The frame that first shows the saved colour has no rows and no QR: they come in a later change.
      expect(frames[firstSaved]).toEqual({ saved: true, verifiedSaved: true, rows: 0, qr: false })
      expect(firstRows).toBeGreaterThan(firstSaved)
      expect(firstQr).toBeGreaterThan(firstSaved)
    } finally {
      stop()
    }
    // The saved colour: the worst verified code, with its headline, what it could not see, its age, "refreshing".
    const card = await app.find('[data-section="saved"]')
    expect(card.getAttribute('data-saved-colour')).toBe('yellow')
    expect(card.getAttribute('data-saved-stale')).toBeNull()
    expect(card.querySelector('[data-saved-headline]')?.getAttribute('data-saved-headline')).toBe('2/3')
    expect(card.querySelector('[data-saved-flagged="440000"]')).not.toBeNull()
    expect(card.querySelector('[data-saved-missing]')?.getAttribute('data-saved-missing')).toBe(
      String(PROVINCES.length - 3),
    )
    expect(card.textContent).toMatch(/保存于 2 分 \d\d 秒 前/)
    // No province answers here: the card stays, saying the refresh could not verify the colour again.
    await app.waitFor(() => app.state().pass.byPerson[personId]?.refreshing === false)
    await app.findText('本次刷新未能重新核验', '[data-section="saved"] *')
  })

  test('a stale record is marked as such', async () => {
    const { app, stop } = await startWith([result('110000', 'green')], 3 * H)
    stop()
    const card = await app.find('[data-section="saved"]')
    expect(card.getAttribute('data-saved-stale')).toBe('old')
    expect(card.textContent).toContain('这是旧颜色')
    expect(card.textContent).toMatch(/保存于 3 小时 00 分 前/)
  })

  test('a saved code that has expired since is marked expired', async () => {
    const { app, stop } = await startWith([result('110000', 'green', true, Date.now() - 60_000)], 2 * 60_000)
    stop()
    const card = await app.find('[data-section="saved"]')
    expect(card.getAttribute('data-saved-stale')).toBe('expired')
    expect(card.textContent).toContain('已过有效期')
  })

  test('a record with no verified code shows no colour', async () => {
    const { app, stop } = await startWith([result('540000', 'green', false)], 60_000)
    stop()
    const card = await app.find('[data-section="saved"]')
    expect(card.getAttribute('data-saved-colour')).toBe('')
    expect(card.getAttribute('data-verified')).toBe('false')
    expect(card.textContent).toContain('保存时没有经验签的健康码')
  })

  test("once settings are read, the card speaks the traveller's language, not the one it was saved in", async () => {
    // Saved in Chinese (displayOf(…, 'zh') above); this device speaks English.
    const { app, stop } = await startWith([result('110000', 'green')], 60_000, 'en-US')
    stop()
    await app.find('[data-province="110000"]')
    await app.findText(/all verified when saved/, '[data-section="saved"] *')
  })
})
