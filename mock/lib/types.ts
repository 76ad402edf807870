/**
 * The shape of one mock province backend. The mock server (./server.ts) routes
 * `/<slug>/...` to the backend with that slug, applies generic faults, and
 * hands each backend its DEMO signing key and a clock.
 */
import type { ProvinceCode } from '../../src/core/model'

/** Faults a test (or a person) can ask for with header `x-np-fault` or query `?fault=`. */
export type Fault = 'none' | '500' | 'html' | 'badjson' | 'shape' | 'badsig' | 'hang' | 'slow' | '503'

export interface MockRequest {
  method: string
  /** Path after the `/<slug>` prefix, e.g. `/api/health-code`. */
  path: string
  query: URLSearchParams
  /** Lower-case header names. */
  headers: Record<string, string>
  /** Raw body text ('' when none). */
  body: string
}

export interface MockResponse {
  status: number
  headers?: Record<string, string>
  /** Objects are sent as JSON; strings as they are. */
  body: unknown
}

export interface MockEnv {
  /** The server clock (epoch ms); tests may shift it. */
  now(): number
  /** The requested fault; generic faults are applied by the server, `badsig` by the backend. */
  fault: Fault
  /** This province's current DEMO signing key. */
  key: { kid: string; secretKey: Uint8Array }
}

export interface MockBackend {
  slug: string
  province: ProvinceCode
  handle(req: MockRequest, env: MockEnv): Promise<MockResponse> | MockResponse
  /** Forget stored check-ins/declarations (between tests). */
  reset?(): void
}
