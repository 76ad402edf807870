/**
 * Validation of an arrival declaration against the plugin's form, the same
 * for every province: required fields, each type's shape, options, patterns.
 * Platform-free.
 */
import type { DeclarationField, DeclarationForm } from '../../core/model'
import type { Lang } from '../../i18n'

const SHAPES: Record<DeclarationField['type'], RegExp | null> = {
  text: null,
  date: /^\d{4}-\d{2}-\d{2}$/,
  datetime: /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}$/,
  select: null,
  phone: /^\+?\d[\d -]{5,19}$/,
  boolean: /^(true|false)$/,
}

const MSG = {
  required: { zh: '必填', en: 'Required' },
  shape: { zh: '格式不正确', en: 'Not in the expected format' },
  option: { zh: '请从选项中选择', en: 'Choose one of the options' },
}

function safePattern(source: string): RegExp | null {
  try {
    return new RegExp(source)
  } catch {
    // A malformed pattern from a plugin cannot be enforced here; the province still validates on submit.
    return null
  }
}

/** Field key → problem, in `lang`; empty when the answers can be submitted. */
export function validateAnswers(
  form: DeclarationForm,
  answers: Record<string, string>,
  lang: Lang,
): Record<string, string> {
  const problems: Record<string, string> = {}
  for (const f of form.fields) {
    const v = (answers[f.key] ?? '').trim()
    if (!v) {
      if (f.required) problems[f.key] = MSG.required[lang]
      continue
    }
    const shape = SHAPES[f.type]
    const pattern = f.pattern ? safePattern(f.pattern) : null
    if ((shape && !shape.test(v)) || (pattern && !pattern.test(v))) problems[f.key] = MSG.shape[lang]
    else if (f.type === 'select' && !(f.options ?? []).some((o) => o.value === v)) problems[f.key] = MSG.option[lang]
  }
  return problems
}

/** Answers trimmed, empty optional fields left out. */
export function cleanAnswers(form: DeclarationForm, answers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const f of form.fields) {
    const v = (answers[f.key] ?? '').trim()
    if (v) out[f.key] = v
  }
  return out
}
