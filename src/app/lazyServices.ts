/**
 * Services made on first use (issue 16): the store gets this at boot, and the
 * plugin host, its HTTP clients and the clock's saved skew are only created
 * when a thunk first reaches them — after the first frame. Imports nothing at
 * run time: on H5 the services' code itself is an async chunk (./serviceLoader.h5.ts).
 */
import type { Services } from './services'

export function lazyServices(make: () => Services): Services {
  return new Proxy({} as Services, {
    get: (_target, key) => Reflect.get(make(), key),
    has: (_target, key) => Reflect.has(make(), key),
  })
}
