/**
 * Checks what a traveller types once on H5 (and for each family member):
 * name, resident ID number (GB 11643 checksum) and a mainland mobile number.
 * Problems are data; `personFieldText` says them in the reader's language,
 * labelled with the field's own label (never an internal field name).
 */
import { type IdNumberProblem, idNumberProblemText, validateIdNumber } from '../../core/idNumber'
import type { Identity } from '../../core/model'

export interface PersonForm {
  name: string
  idNumber: string
  phone: string
}

/** What is wrong, per field; `consent` when the consent box is not ticked. */
export interface PersonFormErrors {
  name?: { kind: 'name' }
  idNumber?: IdNumberProblem
  phone?: { kind: 'phone' }
  consent?: { kind: 'consent' }
}

export type PersonField = keyof PersonFormErrors

/** The fields' own labels, as the form shows them. */
export const PERSON_FIELD_LABELS: Record<PersonField, { zh: string; en: string }> = {
  name: { zh: '姓名', en: 'Name' },
  idNumber: { zh: '身份证号', en: 'ID number' },
  phone: { zh: '手机号', en: 'Phone' },
  consent: { zh: '授权', en: 'Consent' },
}

/** The problem alone, in `lang`. */
export function personProblemText<F extends PersonField>(
  field: F,
  problem: NonNullable<PersonFormErrors[F]>,
  lang: 'zh' | 'en',
): string {
  switch (field) {
    case 'name':
      return lang === 'zh' ? '请填写2–40个汉字或字母' : '2–40 letters or Chinese characters'
    case 'phone':
      return lang === 'zh' ? '请填写以1开头的11位中国大陆手机号' : 'an 11-digit mainland mobile number starting with 1'
    case 'consent':
      return lang === 'zh' ? '请先勾选同意' : 'tick the consent box first'
    default:
      return idNumberProblemText(problem as IdNumberProblem, lang)
  }
}

/** `身份证号：…` / `ID number: …`: the field's label, then its problem, in `lang`. */
export function personFieldText<F extends PersonField>(
  field: F,
  problem: NonNullable<PersonFormErrors[F]>,
  lang: 'zh' | 'en',
): string {
  const label = PERSON_FIELD_LABELS[field][lang]
  return lang === 'zh'
    ? `${label}：${personProblemText(field, problem, lang)}`
    : `${label}: ${personProblemText(field, problem, lang)}`
}

/** The identity, or what is wrong with each field the traveller can act on. */
export function validatePersonForm(
  form: PersonForm,
  today = Date.now(),
): { identity: Identity } | { errors: PersonFormErrors } {
  const errors: PersonFormErrors = {}
  const name = form.name.trim()
  if (!/^[\u4e00-\u9fa5·A-Za-z .'-]{2,40}$/.test(name)) errors.name = { kind: 'name' }
  const id = validateIdNumber(form.idNumber, today)
  if (!id.ok) errors.idNumber = id.problem
  const phone = form.phone.replace(/[\s-]/g, '')
  if (!/^1[3-9]\d{9}$/.test(phone)) errors.phone = { kind: 'phone' }
  if (Object.keys(errors).length || !id.ok) return { errors }
  return { identity: { name, idNumber: id.idNumber, phone, birthDate: id.birthDate } }
}
