/**
 * Generic faults the mock server applies before a backend sees the request,
 * asked for with header `x-np-fault` or query `?fault=`.
 */
import type { Fault } from './types'

/** Every fault the server understands. */
export const FAULTS: readonly Fault[] = ['none', '500', '503', 'html', 'badjson', 'shape', 'badsig', 'hang', 'slow']

/** How long `slow` delays an answer. Override per request with `x-np-delay` (ms, ≤ {@link MAX_DELAY_MS}). */
export const SLOW_MS = 1200
export const MAX_DELAY_MS = 10_000
/** A `hang` is cut off after this long, so nothing waits forever. */
export const HANG_CAP_MS = 60_000

/** A canned answer for a generic fault, or `undefined` when the backend must run. */
export interface FaultAnswer {
  status: number
  headers: Record<string, string>
  body: string
}

const HTML_PAGE = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>502 Bad Gateway</title></head>
<body><h1>系统繁忙，请稍后再试</h1><p>The gateway is busy (mock fault "html").</p></body></html>`

/** Parse a fault name; `undefined` for a name the mock does not know. */
export function parseFault(value: string | null | undefined): Fault | undefined {
  if (value === null || value === undefined || value === '') return 'none'
  return FAULTS.find((f) => f === value)
}

/**
 * The canned answer for faults that replace the backend: `500`, `503`, `html`
 * (an HTML error page served with 200, as captive portals and WAFs do),
 * `badjson` (truncated JSON labelled application/json) and `shape` (valid JSON
 * no province API uses). `hang`, `slow` and `badsig` are handled elsewhere.
 */
export function cannedFault(fault: Fault): FaultAnswer | undefined {
  const json = { 'content-type': 'application/json; charset=utf-8' }
  switch (fault) {
    case '500':
      return { status: 500, headers: json, body: JSON.stringify({ error: 'internal', message: 'mock fault 500' }) }
    case '503':
      return {
        status: 503,
        headers: { ...json, 'retry-after': '1' },
        body: JSON.stringify({ error: 'unavailable', message: 'mock fault 503' }),
      }
    case 'html':
      return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: HTML_PAGE }
    case 'badjson':
      return { status: 200, headers: json, body: '{"success":true,"code":0,"data":{"colour":"gre' }
    case 'shape':
      return { status: 200, headers: json, body: JSON.stringify(['unexpected', { shape: true }]) }
    default:
      return undefined
  }
}
