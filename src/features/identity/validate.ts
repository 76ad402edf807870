/**
 * Checks what a traveller types once on H5 (and for each family member):
 * name, resident ID number (GB 11643 checksum) and a mainland mobile number.
 */
import { validateIdNumber } from '../../core/idNumber'
import type { Identity } from '../../core/model'

export interface PersonForm {
  name: string
  idNumber: string
  phone: string
}

export type PersonFormErrors = Partial<Record<keyof PersonForm, string>>

/** The identity, or a message per field the traveller can act on. */
export function validatePersonForm(
  form: PersonForm,
  today = Date.now(),
): { identity: Identity } | { errors: PersonFormErrors } {
  const errors: PersonFormErrors = {}
  const name = form.name.trim()
  if (!/^[\u4e00-\u9fa5·A-Za-z .'-]{2,40}$/.test(name)) errors.name = 'name: 2–40 letters or Chinese characters'
  const id = validateIdNumber(form.idNumber, today)
  if (!id.ok) errors.idNumber = id.error.message
  const phone = form.phone.replace(/[\s-]/g, '')
  if (!/^1[3-9]\d{9}$/.test(phone)) errors.phone = 'phone: an 11-digit mainland mobile number starting with 1'
  if (Object.keys(errors).length || !id.ok) return { errors }
  return { identity: { name, idNumber: id.idNumber, phone, birthDate: id.birthDate } }
}
