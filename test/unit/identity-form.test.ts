/**
 * The person form (traveller on H5, family members): each field's problem is
 * data, said in the reader's language with the field's own label, never an
 * internal name like `idNumber:`.
 */
import { createServices } from '../../src/app/services'
import { makeStore } from '../../src/app/store'
import { addPersonFromForm } from '../../src/features/identity/identitySlice'
import { personFieldText, validatePersonForm } from '../../src/features/identity/validate'
import { createClock } from '../../src/platform/clock'
import { createSecureStorage, type RawStore } from '../../src/platform/secureStorage'
import { createNodeHttp } from '../../src/sdk/http'

function memory(): RawStore {
  const m = new Map<string, string>()
  return { get: (k) => m.get(k), set: (k, v) => void m.set(k, v), remove: (k) => void m.delete(k) }
}

function store() {
  const services = createServices({
    clock: createClock(() => Date.now()),
    storage: createSecureStorage(memory()),
    apiBase: 'http://127.0.0.1:9',
    httpFactory: createNodeHttp,
  })
  return makeStore(undefined, services)
}

const good = { name: '张三', idNumber: '510104198511030218', phone: '13800000000' }
/** The same number with the birth date mistyped (1985-12-04 for 1985-11-03). */
const typo = '510104198512040218'

describe('person form problems', () => {
  test('a mistyped ID number is labelled 身份证号 / ID number and says the check digit does not match', () => {
    const v = validatePersonForm({ ...good, idNumber: typo })
    expect(v).toEqual({ errors: { idNumber: { kind: 'checksum' } } })
    if (!('errors' in v) || !v.errors.idNumber) throw new Error('expected an idNumber problem')
    expect(personFieldText('idNumber', v.errors.idNumber, 'zh')).toBe(
      '身份证号：校验位不符：18位中有字符输错，请对照身份证逐位核对',
    )
    expect(personFieldText('idNumber', v.errors.idNumber, 'en')).toBe(
      'ID number: the check digit does not match, so one of the 18 characters is mistyped; check each one against the ID card',
    )
  })

  test('name and phone problems carry their labels in both languages', () => {
    const v = validatePersonForm({ name: 'x', idNumber: good.idNumber, phone: '123' })
    expect(v).toEqual({ errors: { name: { kind: 'name' }, phone: { kind: 'phone' } } })
    expect(personFieldText('name', { kind: 'name' }, 'zh')).toMatch(/^姓名：/)
    expect(personFieldText('name', { kind: 'name' }, 'en')).toMatch(/^Name: /)
    expect(personFieldText('phone', { kind: 'phone' }, 'zh')).toMatch(/^手机号：/)
    expect(personFieldText('phone', { kind: 'phone' }, 'en')).toMatch(/^Phone: /)
  })

  test('the thunk keeps every field problem for the form, and no internal field name reaches the message', async () => {
    const s = store()
    const r = await s.dispatch(
      addPersonFromForm({ name: 'x', idNumber: typo, phone: good.phone, self: true, consent: false }),
    )
    expect(r.meta.requestStatus).toBe('rejected')
    const { error, formErrors } = s.getState().identity
    expect(formErrors).toEqual({ name: { kind: 'name' }, idNumber: { kind: 'checksum' }, consent: { kind: 'consent' } })
    expect(error?.code).toBe('NP_ERR_VALIDATION')
    expect(error?.message).not.toMatch(/idNumber|^name:|consent:/)
    expect(error).not.toHaveProperty('fields')
  })

  test('a valid form clears the problems', async () => {
    const s = store()
    await s.dispatch(addPersonFromForm({ ...good, idNumber: typo, self: false, consent: true }))
    expect(s.getState().identity.formErrors).toEqual({ idNumber: { kind: 'checksum' } })
    await s.dispatch(addPersonFromForm({ ...good, self: false, consent: true }))
    expect(s.getState().identity).toMatchObject({ formErrors: null, error: null, activeId: 'p-030218' })
  })

  test('signing oneself in needs the SMS code the identity provider sent: without it, a typed refusal', async () => {
    const s = store()
    const r = await s.dispatch(addPersonFromForm({ ...good, self: true, consent: true, smsCode: '' }))
    expect(r.meta.requestStatus).toBe('rejected')
    expect(s.getState().identity).toMatchObject({ error: { code: 'NP_ERR_AUTH_FAILED' }, people: [] })
  })
})
