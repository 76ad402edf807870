import { Text } from '@tarojs/components'
import { type SerializedError, errorText } from '../core/errors'
import { useI18n } from './useI18n'

/** A catalogued error in the reader's language (the catalogue has zh and en for every code). */
export function ErrorText({
  error,
  className = 'np-error',
}: { error: SerializedError | null | undefined; className?: string }) {
  const { lang } = useI18n()
  if (!error) return null
  return (
    <Text className={className} data-error={error.code}>
      {errorText(error, lang)}
    </Text>
  )
}
