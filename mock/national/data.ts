/**
 * DEMO data of the national platform: each demo person's itinerary card
 * (通信行程卡) and each authority's medium/high-risk areas. Every time is a
 * function of the server clock `now`, so the demos never go stale.
 */
import { PREFECTURES } from '../../src/core/authorities'
import type { RiskArea } from '../../src/core/riskAreas'
import type { DemoPerson } from '../data/people'

const MIN = 60_000
const H = 60 * MIN
const D = 24 * H

/** One city of a demo itinerary, times relative to `now`. */
export interface DemoStay {
  code: string
  /** How long ago the phone was first / last seen there. */
  firstAgo: number
  lastAgo: number
  starred?: boolean
}

/** Itineraries that differ from "home city only" (the ID number's prefecture). */
const ITINERARIES: Readonly<Record<string, DemoStay[]>> = {
  // Fuzhou home; two days in Changsha, starred (Wuyi Square was listed): the starred-city demo.
  conflicted: [
    { code: '350100', firstAgo: 36 * H, lastAgo: 10 * MIN },
    { code: '430100', firstAgo: 4 * D, lastAgo: 2 * D, starred: true },
  ],
  // Guangzhou → Changsha (starred) → Shenzhen: the national platform turned yellow, Guangdong did not.
  'national-yellow': [
    { code: '440300', firstAgo: 20 * H, lastAgo: 10 * MIN },
    { code: '430100', firstAgo: 3 * D, lastAgo: 26 * H, starred: true },
    { code: '440100', firstAgo: 13 * D, lastAgo: 3 * D },
  ],
  pooled: [
    { code: '320500', firstAgo: 14 * D, lastAgo: 10 * MIN },
    { code: '310100', firstAgo: 5 * D, lastAgo: 4 * D },
  ],
}

/** The prefecture of an ID number's region (first four digits + `00`); province-level cities use `xx0100`. */
export function homeCity(idNumber: string): string {
  const city = `${idNumber.slice(0, 4)}00`
  return PREFECTURES[city] ? city : `${idNumber.slice(0, 2)}0100`
}

/** The person's stays over the last 14 days, newest first. */
export function staysOf(person: DemoPerson): DemoStay[] {
  const stays = ITINERARIES[person.key] ?? [
    { code: homeCity(person.identity.idNumber), firstAgo: 14 * D, lastAgo: 10 * MIN },
  ]
  return [...stays].sort((a, b) => a.lastAgo - b.lastAgo)
}

/** A demo risk area, times relative to `now`. */
interface DemoArea extends Omit<RiskArea, 'since' | 'until'> {
  sinceAgo: number
  /** Lifted this long from now (negative: already lifted). */
  liftedIn?: number
}

const WUYI: DemoArea = {
  code: '430102',
  city: '430100',
  name: { zh: '湖南省长沙市芙蓉区五一广场街道', en: 'Wuyi Square subdistrict, Furong District, Changsha, Hunan' },
  level: 'high',
  sinceAgo: 5 * D,
}

/** Each authority's listed areas. Authorities without an entry publish an empty (signed, dated) list. */
const AREAS: Readonly<Record<string, DemoArea[]>> = {
  '430000': [
    WUYI,
    {
      code: '430104',
      city: '430100',
      name: { zh: '湖南省长沙市岳麓区望月湖街道', en: 'Wangyuehu subdistrict, Yuelu District, Changsha, Hunan' },
      level: 'medium',
      sinceAgo: 3 * D,
    },
  ],
  '110000': [
    {
      code: '110105',
      city: '110100',
      name: { zh: '北京市朝阳区潘家园街道', en: 'Panjiayuan subdistrict, Chaoyang District, Beijing' },
      level: 'medium',
      sinceAgo: 2 * D,
      liftedIn: 3 * D,
    },
  ],
  // The national platform republishes every high-risk area.
  '100000': [WUYI],
}

/** The areas `authority` lists at `now`. */
export function riskAreasOf(authority: string, now: number): RiskArea[] {
  return (AREAS[authority] ?? []).map(({ sinceAgo, liftedIn, ...a }) => ({
    ...a,
    since: now - sinceAgo,
    ...(liftedIn !== undefined ? { until: now + liftedIn } : {}),
  }))
}
