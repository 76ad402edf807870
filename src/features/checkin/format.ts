/** Times on check-in screens are shown in China time, whatever the device's zone. */
export function chinaTime(ms: number): string {
  const d = new Date(ms + 8 * 3_600_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
}
