/**
 * H5: `crypto.getRandomValues` exists in every browser the app supports (secure context or not), so ./random.ts
 * never needs the mini-programs' source or the DRBG seeded from it (./miniRandom.ts). Without it, randomness is
 * unavailable (`NP_ERR_RANDOM_UNAVAILABLE`), as on a mini-program without one.
 */
export type AsyncSource = (length: number) => Promise<Uint8Array>

export function miniProgramSource(): AsyncSource | undefined {
  return undefined
}

export class HmacDrbg {
  constructor(_seed: Uint8Array) {
    throw new Error('H5 has no mini-program random source to seed a DRBG from')
  }
  reseed(_entropy: Uint8Array): void {}
  generate(_length: number): Uint8Array {
    throw new Error('unreachable')
  }
}
