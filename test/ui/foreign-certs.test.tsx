/**
 * Foreign certificates on the traveller's pass, in jsdom: the pass page's
 * section and its entry to the add page; pasting a SMART Health Card verifies
 * it offline against the cached foreign trust list and shows it as a card
 * (type, country, masked name, verified or why not, whose name); a multi-QR
 * card is collected "1 of 3"; refused input (malformed, revoked, a part of
 * another card) shows its reason and loses nothing; the card's QR is shown on
 * its own page; removal asks once more. The guard's scanner shows "1 of 3".
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ThunkAction, UnknownAction } from '@reduxjs/toolkit'
import { buildDemoTrustList } from '../../mock/keys'
import { mockForeignTrustList } from '../../mock/lib/national'
import { rulesFor } from '../../mock/lib/province'
import { ROOT_PUBLIC_KEY } from '../../src/core/rootKey'
import { verifyRuleSet } from '../../src/core/signedRules'
import { verifyTrustList } from '../../src/core/trustList'
import { guardPrepared } from '../../src/features/guard/guardSlice'
import { tripChecked } from '../../src/features/trip/tripSlice'
import type { Services } from '../../src/app/services'
import type { RootState } from '../../src/app/store'
import type { PersonRecord } from '../../src/features/identity/identitySlice'
import { type BootedApp, bootApp } from './bootApp'

// jsdom runs the H5 build's modules: the foreign verifier is the async chunk (as in the H5 build), not the
// mini-programs' verifier page.
jest.mock('../../src/features/guard/foreignLoader', () =>
  jest.requireActual('../../src/features/guard/foreignLoader.h5'),
)

const EX = join(__dirname, '../fixtures/shc-examples/examples')
const qr = (n: string, i = 0) => readFileSync(join(EX, `example-${n}-f-qr-code-numeric-value-${i}.txt`), 'utf8').trim()

const writeStorage =
  (key: string, value: unknown): ThunkAction<void, RootState, Services, UnknownAction> =>
  (_d, _g, services) =>
    services.storage.write(key, value)

/** example-00's patient, as the traveller signed in on this device. */
const john: PersonRecord = {
  id: 'p-john',
  identity: {
    name: 'John B. Anyperson',
    idNumber: '110101195101200011',
    phone: '13800000000',
    birthDate: '1951-01-20',
  },
  self: true,
  consentAt: 0,
  source: 'demo',
}
const zhang: PersonRecord = {
  ...john,
  id: 'p-zhang',
  identity: { name: '张三', idNumber: '510104198511030218', phone: '13800000000', birthDate: '1985-11-03' },
}

/** An app with `person` signed in and the foreign trust list in its cache (downloaded earlier, now offline). */
async function appWith(person: PersonRecord, route = 'pass'): Promise<BootedApp> {
  const first = await bootApp({ route: 'settings' })
  const now = Date.now()
  first.store.dispatch(writeStorage('identity.people', { people: [person], activeId: person.id }))
  first.store.dispatch(
    writeStorage('foreignTrustList', { value: mockForeignTrustList(now), fetchedAt: now, version: '1' }),
  )
  const app = await bootApp({ route, keepStorage: true })
  await app.waitFor(() => app.state().identity.activeId === person.id)
  return app
}

async function paste(app: BootedApp, text: string) {
  const box = (await app.find('[data-input="foreign-text"] textarea')) as HTMLTextAreaElement
  box.value = text
  box.dispatchEvent(new window.Event('input', { bubbles: true }))
  await app.waitFor(() => box.value === text)
  await app.click('[data-action="foreign-verify"]')
}

describe('a traveller adds a foreign certificate', () => {
  test('from the pass page: pasted, verified offline, shown as a card with its QR; removal asks once more', async () => {
    const app = await appWith(john)
    const section = await app.find('[data-section="foreign-certs"]')
    expect(section.getAttribute('data-count')).toBe('0')
    await app.click('[data-action="foreign-add"]')
    await app.waitForPage('pages/foreign/certs/index')
    await paste(app, qr('00'))
    const added = await app.find('[data-foreign-added]')
    expect(added.getAttribute('data-name-check')).toBe('match')
    expect(added.textContent).toMatch(/A\*+n/)

    await app.click('[data-action="foreign-back"]')
    await app.waitForPage('pass')
    const card = await app.find('[data-foreign-cert]')
    expect(card.getAttribute('data-foreign-kind')).toBe('shc')
    expect(card.getAttribute('data-usable')).toBe('yes')
    expect(card.textContent).toMatch(/SMART 健康卡 · 疫苗接种/)
    expect(card.textContent).toMatch(/签发国：US/)
    expect(card.textContent).not.toMatch(/Anyperson/)
    expect(card.querySelector('[data-foreign-verified]')?.textContent).toMatch(/已核验/)
    expect(card.querySelector('[data-name-check="match"]')).not.toBeNull()

    await app.click('[data-action="foreign-qr"]')
    const shown = await app.find('[data-foreign-show]')
    // Taro's web <Image> is a custom element carrying the src.
    const image = await app.waitFor(() => shown.querySelector('taro-image-core, img'))
    expect(image.getAttribute('src')).toMatch(/^data:image\/gif;base64,/)
    app.Taro.navigateBack()
    await app.waitForPage('pass')

    await app.click('[data-action="foreign-remove"]')
    expect(app.state().foreignCerts.byPerson[john.id]).toHaveLength(1)
    await app.click('[data-action="foreign-remove-confirm"]')
    await app.find('[data-section="foreign-certs"][data-count="0"]')
    expect(app.state().foreignCerts.byPerson[john.id]).toEqual([])
  })

  test("a card in another person's name is kept but flagged, and the card says it is not used", async () => {
    const app = await appWith(zhang, 'pages/foreign/certs/index')
    await paste(app, qr('00'))
    const added = await app.find('[data-foreign-added]')
    expect(added.getAttribute('data-name-check')).toBe('other-person')
    expect(added.textContent).toMatch(/不是本人|names someone else|证书持有人与本人不符/)
    await app.goTo('pass')
    const card = await app.find('[data-foreign-cert]')
    expect(card.getAttribute('data-usable')).toBe('no')
    expect(card.querySelector('[data-foreign-problem]')?.getAttribute('data-foreign-problem')).toBe(
      'NP_ERR_FOREIGN_OTHER_PERSON',
    )
  })

  test('refused input shows its reason and loses nothing held; a multi-QR card is collected part by part', async () => {
    const app = await appWith(john, 'pages/foreign/certs/index')
    await paste(app, qr('00'))
    await app.find('[data-foreign-added]')

    await paste(app, 'HC1:NOT*A*CERTIFICATE')
    expect((await app.find('[data-foreign-error]')).getAttribute('data-foreign-error')).toBe('NP_ERR_FOREIGN_MALFORMED')
    await paste(app, qr('03'))
    await app.find('[data-foreign-error="NP_ERR_FOREIGN_REVOKED"]')
    expect(app.state().foreignCerts.byPerson[john.id]).toHaveLength(1)

    await paste(app, qr('02', 1))
    expect((await app.find('[data-chunks]')).getAttribute('data-chunks')).toBe('1/3')
    await app.findText(/已读取 1\/3 张二维码/)
    await paste(app, qr('02', 0).replace(/^shc:\/1\/3\//, 'shc:/1/4/'))
    await app.find('[data-foreign-error="NP_ERR_FOREIGN_CHUNKS"]')
    expect(app.page().querySelector('[data-chunks]')?.getAttribute('data-chunks')).toBe('1/3')
    await paste(app, qr('02', 0))
    await app.find('[data-chunks="2/3"]')
    await paste(app, qr('02', 2))
    await app.find('[data-foreign-added]')
    await app.waitFor(() => app.state().foreignCerts.byPerson[john.id]?.length === 2)
    const held = app.state().foreignCerts.byPerson[john.id][1]
    expect(held.text.split('\n')).toHaveLength(3)
    // example-02 is a lab report naming nobody: it cannot be matched to the traveller, so it is flagged.
    expect(held.nameCheck).not.toBe('match')
  })
})

describe("the guard's scanner and a multi-QR SMART Health Card", () => {
  test('shows "1 of 3", refuses a part of another card with its reason, and checks the card once complete', async () => {
    const app = await appWith(john, 'guard')
    const now = Date.now()
    const trust = verifyTrustList(buildDemoTrustList(now), ROOT_PUBLIC_KEY)
    const rules = verifyRuleSet(rulesFor('440000'), trust, '440000')
    app.store.dispatch(guardPrepared.pending('ui-test', { province: '440000' }))
    app.store.dispatch(
      guardPrepared.fulfilled(
        {
          trustList: { value: trust, fetchedAt: now, version: String(trust.version) },
          ruleSet: { value: rules, fetchedAt: now, version: rules.version },
          error: null,
          at: now,
          clock: { skewMs: 0, off: false },
        },
        'ui-test',
        { province: '440000' },
      ),
    )
    await app.find('[data-guard-status="ready"]')
    const box = (await app.find('[data-input="pass-text"] textarea')) as HTMLTextAreaElement
    const scan = async (text: string) => {
      box.value = text
      box.dispatchEvent(new window.Event('input', { bubbles: true }))
      await app.waitFor(() => box.value === text)
      await app.click('[data-action="verify"]')
    }
    await scan(qr('02', 2))
    await app.find('[data-chunks="1/3"]')
    await app.findText(/健康卡二维码已读取 1\/3 张/)
    await scan(qr('02', 0).replace(/^shc:\/1\/3\//, 'shc:/1/2/'))
    await app.find('[data-chunks="1/3"] [data-error="NP_ERR_FOREIGN_CHUNKS"]')
    await scan(qr('02', 0))
    await app.find('[data-chunks="2/3"]')
    await scan(qr('02', 1))
    await app.waitFor(() => app.state().guard.last || app.state().guard.error)
    expect(app.state().guard.error).toBeNull()
    await app.find('[data-verdict]')
    expect(app.page().querySelector('[data-chunks]')).toBeNull()
    expect(app.state().guard.last && 'foreign' in app.state().guard.last!).toBe(true)
  })
})

describe('the trip check says which foreign certificates it used and why not the others', () => {
  test('used count and each reason, in words', async () => {
    const app = await appWith(john, 'trip')
    const at = Date.now()
    const stop = { province: '630000', arrivalAt: at + 3_600_000 }
    const verdict = { outcome: 'admit' as const, reasons: [], until: null, evaluatedAt: at, ruleSetVersion: '1.0.0' }
    app.store.dispatch(
      tripChecked.fulfilled(
        {
          checks: [{ ...stop, verdict, advice: [], needsDeclaration: false }],
          source: 'manual',
          at,
          foreign: {
            used: ['fc-1'],
            notUsed: [
              {
                id: 'fc-2',
                error: { code: 'NP_ERR_FOREIGN_EXPIRED', message: '', params: { kind: 'EU DCC', at: '2021-08-01' } },
              },
            ],
          },
        },
        'ui-test',
        { stops: [stop], manual: {} },
      ),
    )
    const note = await app.find('[data-section="trip-foreign"]')
    expect(note.getAttribute('data-foreign-used')).toBe('1')
    expect(note.textContent).toMatch(/已使用 1 份境外证书/)
    const why = await app.find('[data-foreign-not-used="NP_ERR_FOREIGN_EXPIRED"]')
    expect(why.textContent).toMatch(/未使用境外证书：EU DCC 已于 2021-08-01 过期/)
  })
})
