import type { DeclarationForm } from '@/core/model'
import { cleanAnswers, validateAnswers } from '@/features/declare/validateAnswers'
import { arrivalDeclarationForm, checkAnswers } from '../../mock/lib/standardBackend'

const form: DeclarationForm = arrivalDeclarationForm('370000', {
  zh: '来鲁人员申报',
  en: 'Arrival declaration: Shandong',
})
const good = {
  arrivalDate: '2026-11-28',
  fromCity: 'Chengdu',
  transport: 'train',
  destinationAddress: 'Jinan',
  contactPhone: '13900000101',
  symptoms: 'false',
}

describe('arrival declaration form validation', () => {
  test('a complete answer set passes and optional blanks are left out', () => {
    expect(validateAnswers(form, { ...good, tripNumber: '  ' }, 'en')).toEqual({})
    expect(cleanAnswers(form, { ...good, tripNumber: '  ', fromCity: ' Chengdu ' })).toEqual(good)
  })

  test('required fields, typed shapes, options and the province pattern are each reported in the traveller language', () => {
    const p = validateAnswers(
      form,
      { ...good, fromCity: '', arrivalDate: '28/11/2026', transport: 'boat', contactPhone: '12345', symptoms: 'maybe' },
      'en',
    )
    expect(p).toEqual({
      fromCity: 'Required',
      arrivalDate: 'Not in the expected format',
      transport: 'Choose one of the options',
      contactPhone: 'Not in the expected format',
      symptoms: 'Not in the expected format',
    })
    expect(validateAnswers(form, { ...good, fromCity: '' }, 'zh')).toEqual({ fromCity: '必填' })
  })

  test('what passes here also passes the mock province check', () => {
    expect(checkAnswers(form, cleanAnswers(form, good))).toBeUndefined()
  })

  test('a malformed pattern from a plugin does not crash validation', () => {
    const odd: DeclarationForm = {
      ...form,
      fields: [{ key: 'x', type: 'text', label: { zh: 'x', en: 'x' }, required: true, pattern: '(' }],
    }
    expect(validateAnswers(odd, { x: 'anything' }, 'en')).toEqual({})
  })
})
