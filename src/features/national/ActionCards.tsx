import { Text, View } from '@tarojs/components'
import type { AuthorityContact } from '../../core/authorities'
import type { HealthCode, PopUp } from '../../core/model'
import type { Lang } from '../../core/rules/types'
import { goTo } from '../../components/Screen'
import { fill, useStrings } from '../../components/useI18n'
import { provinceName } from '../pass/strings'
import { actionItems, contactFor } from './contacts'
import { nationalStrings } from './strings'

type S = Record<keyof typeof nationalStrings, string>

const POPUP_KEYS = ['test-required', 'travel-history', 'risk-contact', 'signed'] as const

/** The label of a pop-up type: 1号/2号/3号 for Beijing's kinds, else a plain "pop-up". */
export function popUpLabel(type: string, s: S): string {
  const known = (POPUP_KEYS as readonly string[]).includes(type) ? (type as (typeof POPUP_KEYS)[number]) : 'other'
  return s[`popup.${known}`]
}

/** How to reach the authority: its hotline, 12345, the appeal page or mini-program. */
export function ContactLines({ contact, lang, s }: { contact: AuthorityContact; lang: Lang; s: S }) {
  return (
    <View data-contact-lines>
      {contact.hotline && (
        <View data-hotline={contact.hotline}>
          <Text>{fill(s.contactHotline, { hotline: contact.hotline })}</Text>
        </View>
      )}
      <View data-service-hotline={contact.serviceHotline}>
        <Text>{fill(s.contactService, { hotline: contact.serviceHotline })}</Text>
      </View>
      {contact.appeal && (
        <View data-appeal>
          <Text>{fill(s.contactAppeal, { appeal: contact.appeal[lang] })}</Text>
        </View>
      )}
    </View>
  )
}

/** One pop-up: whose, which type, the authority's own words, how to clear it and where. */
function PopUpItem({ province, p, lang, s }: { province: string; p: PopUp; lang: Lang; s: S }) {
  const contact = contactFor(province)
  return (
    <View className='np-popup' data-popup={p.type} data-popup-province={province}>
      <View>
        <Text className='np-big np-yellow'>
          {fill(s.popUpType, { authority: provinceName(province, lang), type: popUpLabel(p.type, s) })}
        </Text>
      </View>
      {p.message && (
        <View data-popup-message>
          <Text>{p.message}</Text>
        </View>
      )}
      <View data-popup-clear>
        <Text>{p.howToClear ? fill(s.popUpHowToClear, { how: p.howToClear }) : s.popUpNoHow}</Text>
      </View>
      {contact.where && (
        <View data-popup-where>
          <Text>{fill(s.popUpWhere, { where: contact.where[lang] })}</Text>
        </View>
      )}
      <ContactLines contact={contact} lang={lang} s={s} />
    </View>
  )
}

/** Every pop-up of every authority, rendered with its type and how to clear it. `null` when there is none. */
export function PopUpCard({ codes, lang }: { codes: readonly HealthCode[]; lang: Lang }) {
  const s = useStrings(nationalStrings)
  const withPopUps = codes.filter((c) => c.popUps.length > 0)
  if (!withPopUps.length) return null
  return (
    <View className='np-card' data-section='popups'>
      <Text className='np-big'>{s.popUpsTitle}</Text>
      {withPopUps.flatMap((c) =>
        c.popUps.map((p, i) => <PopUpItem key={`${c.province}.${i}`} province={c.province} p={p} lang={lang} s={s} />),
      )}
      <View>
        <Text className='np-muted'>{s.popUpNotGreen}</Text>
      </View>
    </View>
  )
}

/**
 * For every code that is red, yellow, has a pop-up or changed colour without
 * a stated reason: the next step and the authority's contact. `null` when
 * every code is plainly green.
 */
export function NextStepsCard({
  codes,
  lang,
  at,
}: {
  codes: readonly HealthCode[]
  lang: Lang
  at: (ms: number) => string
}) {
  const s = useStrings(nationalStrings)
  const items = actionItems(codes)
  if (!items.length) return null
  return (
    <View className='np-card' data-section='next-steps'>
      <Text className='np-big'>{s.nextTitle}</Text>
      {items.map((item) => {
        const authority = provinceName(item.province, lang)
        const steps = [
          item.reasons.includes('red') ? fill(s.nextRed, { authority }) : null,
          item.reasons.includes('yellow') ? fill(s.nextYellow, { authority }) : null,
          item.reasons.includes('pop-up') ? fill(s.nextPopUp, { authority }) : null,
          item.reasons.includes('no-reason') && item.unexplainedAt !== undefined
            ? fill(s.nextNoReason, { authority, at: at(item.unexplainedAt) })
            : null,
        ].filter((x): x is string => x !== null)
        return (
          <View key={item.province} className='np-next' data-contact={item.province} data-why={item.reasons.join(' ')}>
            {steps.map((t) => (
              <View key={t}>
                <Text className={item.reasons.includes('red') ? 'np-red' : 'np-yellow'}>{t}</Text>
              </View>
            ))}
            <ContactLines contact={item.contact} lang={lang} s={s} />
          </View>
        )
      })}
    </View>
  )
}

/** The link under a verdict that asks for an arrival declaration: one tap to the declaration page. */
export function DeclareLink({ province }: { province?: string | null }) {
  const s = useStrings(nationalStrings)
  return (
    <View
      className='np-row'
      data-link='declare'
      onClick={() => goTo('declare', province ? `province=${province}` : '')}
    >
      <Text className='np-green'>{s.declareLink}</Text>
    </View>
  )
}
