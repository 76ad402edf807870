/**
 * Who the pass is for: the traveller and the family members they manage
 * (代查), each with consent recorded; stored encrypted. Consent per province
 * lives in the services' consent book and is mirrored here for the UI.
 */
import { createAsyncThunk, createSlice, type PayloadAction } from '@reduxjs/toolkit'
import { isNpError, NpError, type SerializedError, toNpError } from '../../core/errors'
import type { Identity } from '../../core/model'
import type { ThunkApi } from '../../app/store'
import type { Services } from '../../app/services'
import { PEOPLE_KEY } from '../../platform/storageKeys'
import {
  type PersonForm,
  type PersonFormErrors,
  PERSON_FIELD_LABELS,
  personProblemText,
  validatePersonForm,
} from './validate'

/** One person whose pass this device shows. */
export interface PersonRecord {
  /** Stable local id (never the full ID number). */
  id: string
  identity: Identity
  /** The traveller themself, as opposed to a family member. */
  self: boolean
  /** When the person (or their guardian) consented to the provinces receiving their identity. */
  consentAt: number
  source: 'super-app' | 'form' | 'demo'
  /**
   * A family member's authorisation, as the provinces recorded it: by what
   * authority the holder sees their codes, and each province's record id.
   */
  proxy?: { basis: 'guardian' | 'self-confirmed'; at: number; grants: Record<string, string> }
}

/** Children under this age are added by a guardian's declaration; adults confirm from their own phone. */
export const CHILD_UNDER_YEARS = 14

/** Whole years at `now` from a `YYYY-MM-DD` birth date (Beijing calendar). */
export function ageAt(birthDate: string, now: number): number {
  const [y, m, d] = birthDate.split('-').map(Number)
  const today = new Date(now + 8 * 3_600_000)
  const before = today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)
  return today.getUTCFullYear() - y - (before ? 1 : 0)
}

/** A DEMO person the H5 demo build offers. */
export interface DemoPersonEntry {
  key: string
  name: string
  story: string
}

export interface IdentityState {
  status: 'idle' | 'loading' | 'ready'
  people: PersonRecord[]
  activeId: string | null
  consents: Record<string, boolean>
  demoPeople: DemoPersonEntry[]
  /** The phone a sign-in SMS code was sent to (DEMO builds also get the code, to show it). */
  sms: { phone: string; demoCode?: string } | null
  error: SerializedError | null
  /** What is wrong with the person form, per field (shown under each field, with its label). */
  formErrors: PersonFormErrors | null
}

const initialState: IdentityState = {
  status: 'idle',
  people: [],
  activeId: null,
  consents: {},
  demoPeople: [],
  sms: null,
  error: null,
  formErrors: null,
}

interface Stored {
  people: PersonRecord[]
  activeId: string | null
}

function personId(identity: Identity): string {
  return `p-${identity.idNumber.slice(-6)}`
}

function persist(services: Services, people: PersonRecord[], activeId: string | null) {
  services.storage.write<Stored>(PEOPLE_KEY, { people, activeId })
}

/** Consent to every registered province (the sign-in consent); each is withdrawable. */
function consentToAll(services: Services): Record<string, boolean> {
  for (const p of services.host.registry.plugins) if (!services.consents.has(p.id)) services.consents.set(p.id, true)
  return services.consents.all()
}

export const restoreIdentity = createAsyncThunk<Stored & { consents: Record<string, boolean> }, void, ThunkApi>(
  'identity/restore',
  async (_, { extra }) => {
    const r = extra.storage.read<Stored>(PEOPLE_KEY)
    const stored = 'value' in r && r.value ? r.value : { people: [], activeId: null }
    return { ...stored, consents: extra.consents.all() }
  },
)

function addPerson(services: Services, state: IdentityState, record: PersonRecord) {
  const people = [...state.people.filter((p) => p.id !== record.id), record]
  persist(services, people, record.id)
  return { people, activeId: record.id, consents: consentToAll(services) }
}

interface LoginAnswer {
  identity: Identity
  /** The one-time credential each province redeems for a session. */
  credential?: string
  expiresAt?: number
}

/** Keep the sign-in credential the identity service issued; a sign-in without one cannot reach personal data. */
function keepCredential(services: Services, answer: LoginAnswer, kind: 'super-app' | 'sms'): void {
  if (typeof answer.credential !== 'string' || typeof answer.expiresAt !== 'number')
    throw new NpError('NP_ERR_AUTH_FAILED', { params: { detail: 'the identity service issued no credential' } })
  services.signIn.setCredential({ kind, code: answer.credential, expiresAt: answer.expiresAt })
}

/** Exchange a super-app login code (or a DEMO `demo-<key>` code) for the identity. */
export const signInWithCode = createAsyncThunk<
  Stored & { consents: Record<string, boolean> },
  { code: string; source: 'super-app' | 'demo' },
  ThunkApi & { rejectValue: SerializedError }
>('identity/signInWithCode', async ({ code, source }, { extra, getState, rejectWithValue }) => {
  try {
    const res = await extra.http('/identity').post<LoginAnswer>('/login', { code }, { timeout: 8000 })
    keepCredential(extra, res.data, 'super-app')
    const identity = res.data.identity
    const record: PersonRecord = { id: personId(identity), identity, self: true, consentAt: extra.clock.now(), source }
    return addPerson(extra, getState().identity, record)
  } catch (e) {
    return rejectWithValue(toNpError(e, 'NP_ERR_HTTP_NETWORK').toJSON())
  }
})

/** A rejected form: the first problem as a catalogued error (for logs), and every field's problem for the form. */
export type FormRejection = SerializedError & { fields?: PersonFormErrors }

function formRejection(fields: PersonFormErrors): FormRejection {
  const [field, problem] = Object.entries(fields)[0] as [keyof PersonFormErrors, never]
  const error = new NpError('NP_ERR_VALIDATION', {
    params: { field: PERSON_FIELD_LABELS[field].en, detail: personProblemText(field, problem, 'en') },
  })
  return { ...error.toJSON(), fields }
}

/** H5: ask the identity provider to text a one-time sign-in code to the phone. DEMO: the answer carries it. */
export const requestSmsCode = createAsyncThunk<
  { phone: string; demoCode?: string },
  { phone: string; purpose?: 'sign-in' | 'proxy' },
  ThunkApi & { rejectValue: SerializedError }
>('identity/requestSmsCode', async ({ phone, purpose = 'sign-in' }, { extra, rejectWithValue }) => {
  try {
    const res = await extra
      .http('/identity')
      .post<{ demoCode?: string }>('/sms/send', { phone: phone.trim(), purpose }, { timeout: 8000 })
    return { phone: phone.trim(), ...(typeof res.data.demoCode === 'string' ? { demoCode: res.data.demoCode } : {}) }
  } catch (e) {
    return rejectWithValue(toNpError(e, 'NP_ERR_HTTP_NETWORK').toJSON())
  }
})

/**
 * H5: the identity the traveller typed (validated) and confirmed with the SMS
 * code sent to their phone (the identity provider checks name, ID and phone),
 * or a family member (代查, whose provinces then ask for their authorisation).
 * Consent must be given.
 */
export const addPersonFromForm = createAsyncThunk<
  Stored & { consents: Record<string, boolean> },
  PersonForm & { self: boolean; consent: boolean; smsCode?: string },
  ThunkApi & { rejectValue: FormRejection }
>('identity/addPersonFromForm', async (form, { extra, getState, rejectWithValue }) => {
  const v = validatePersonForm(form, extra.clock.now())
  const fields: PersonFormErrors = 'errors' in v ? { ...v.errors } : {}
  if (!form.consent) fields.consent = { kind: 'consent' }
  if ('errors' in v || Object.keys(fields).length) return rejectWithValue(formRejection(fields))
  if (form.self) {
    try {
      const res = await extra.http('/identity').post<LoginAnswer>(
        '/sms/verify',
        {
          phone: v.identity.phone,
          code: (form.smsCode ?? '').trim(),
          name: v.identity.name,
          idNumber: v.identity.idNumber,
        },
        { timeout: 8000 },
      )
      keepCredential(extra, res.data, 'sms')
    } catch (e) {
      const status = isNpError(e) ? Number(e.params.status) : 0
      const detail =
        status === 401
          ? 'wrong or expired SMS code'
          : status === 403
            ? 'name and ID do not match this phone'
            : String(e)
      return rejectWithValue(
        isNpError(e) && e.code === 'NP_ERR_AUTH_FAILED'
          ? e.toJSON()
          : new NpError('NP_ERR_AUTH_FAILED', { params: { detail } }).toJSON(),
      )
    }
  }
  const record: PersonRecord = {
    id: personId(v.identity),
    identity: v.identity,
    self: form.self,
    consentAt: extra.clock.now(),
    source: 'form',
  }
  return addPerson(extra, getState().identity, record)
})

/**
 * Ask every consented province to record that the signed-in holder may see
 * this family member's codes: a guardian's declaration for a child under 14
 * (from the ID's birth date), else the code texted to the member's own phone.
 * Kept when at least one province recorded it; the refusals are the error.
 */
export const authoriseMember = createAsyncThunk<
  PersonRecord[],
  { personId: string; code?: string },
  ThunkApi & { rejectValue: SerializedError }
>('identity/authoriseMember', async ({ personId, code }, { extra, getState, rejectWithValue }) => {
  const state = getState().identity
  const person = state.people.find((p) => p.id === personId)
  if (!person || person.self)
    return rejectWithValue(new NpError('NP_ERR_PROXY_REFUSED', { params: { detail: 'not a family member' } }).toJSON())
  const now = extra.clock.now()
  const basis: 'guardian' | 'self-confirmed' =
    ageAt(person.identity.birthDate, now) < CHILD_UNDER_YEARS ? 'guardian' : 'self-confirmed'
  const provinces = extra.host.registry.plugins.filter((p) => extra.consents.has(p.id) && p.requestProxy)
  const results = await Promise.all(
    provinces.map(async (p) => ({
      id: p.id,
      r: await extra.host.call(p.id, 'requestProxy', person.identity, { basis, ...(code ? { code } : {}) }),
    })),
  )
  const grants: Record<string, string> = { ...person.proxy?.grants }
  for (const { id, r } of results) if ('data' in r) grants[id] = r.data.id
  const refused = results.find(({ r }) => 'error' in r)
  if (Object.keys(grants).length === 0 && refused && 'error' in refused.r) return rejectWithValue(refused.r.error)
  const people = state.people.map((p) => (p.id === personId ? { ...p, proxy: { basis, at: now, grants } } : p))
  persist(extra, people, state.activeId)
  return people
})

/** Withdraw a family member's authorisation at every province that recorded it. */
export const revokeMember = createAsyncThunk<PersonRecord[], { personId: string }, ThunkApi>(
  'identity/revokeMember',
  async ({ personId }, { extra, getState }) => {
    const state = getState().identity
    const person = state.people.find((p) => p.id === personId)
    const grants = { ...person?.proxy?.grants }
    await Promise.all(
      Object.entries(grants).map(async ([province, grantId]) => {
        const r = await extra.host.call(province, 'revokeProxy', grantId)
        // Revoked, or unknown to the province (already gone): either way no longer recorded.
        if ('data' in r || r.error.code === 'NP_ERR_PROXY_REFUSED') delete grants[province]
      }),
    )
    const people = state.people.map((p) => {
      if (p.id !== personId) return p
      const { proxy: _gone, ...rest } = p
      return Object.keys(grants).length && p.proxy ? { ...rest, proxy: { ...p.proxy, grants } } : rest
    })
    persist(extra, people, state.activeId)
    return people
  },
)

export const loadDemoPeople = createAsyncThunk<DemoPersonEntry[], void, ThunkApi & { rejectValue: SerializedError }>(
  'identity/loadDemoPeople',
  async (_, { extra, rejectWithValue }) => {
    try {
      const res = await extra.http('/identity').get<DemoPersonEntry[]>('/demo-people', { timeout: 8000 })
      return Array.isArray(res.data) ? res.data : []
    } catch (e) {
      return rejectWithValue(toNpError(e, 'NP_ERR_HTTP_NETWORK').toJSON())
    }
  },
)

export const switchPerson = createAsyncThunk<string, string, ThunkApi>(
  'identity/switchPerson',
  async (id, { extra, getState }) => {
    persist(extra, getState().identity.people, id)
    return id
  },
)

/** Give or withdraw consent for one province. Withdrawing deletes that province's cached data (see the pass slice). */
export const setConsent = createAsyncThunk<Record<string, boolean>, { province: string; given: boolean }, ThunkApi>(
  'identity/setConsent',
  async ({ province, given }, { extra }) => {
    extra.consents.set(province, given)
    return extra.consents.all()
  },
)

const signedIn = (state: IdentityState, action: PayloadAction<Stored & { consents: Record<string, boolean> }>) => {
  state.people = action.payload.people
  state.activeId = action.payload.activeId
  state.consents = action.payload.consents
  state.status = 'ready'
  state.sms = null
  state.error = null
  state.formErrors = null
}

export const identitySlice = createSlice({
  name: 'identity',
  initialState,
  reducers: {
    identityErrorCleared(state) {
      state.error = null
      state.formErrors = null
    },
  },
  extraReducers: (b) => {
    b.addCase(restoreIdentity.pending, (s) => {
      s.status = 'loading'
    })
    b.addCase(restoreIdentity.fulfilled, (s, a) => {
      signedIn(s, a)
      s.activeId = a.payload.activeId ?? a.payload.people[0]?.id ?? null
    })
    b.addCase(signInWithCode.fulfilled, signedIn)
    b.addCase(addPersonFromForm.fulfilled, signedIn)
    b.addCase(addPersonFromForm.pending, (s) => {
      s.formErrors = null
    })
    b.addCase(addPersonFromForm.rejected, (s, a) => {
      const { fields, ...error } = a.payload ?? { code: 'NP_ERR_HTTP_NETWORK', message: a.error.message ?? 'failed' }
      s.error = error
      s.formErrors = fields ?? null
    })
    for (const t of [authoriseMember, revokeMember]) {
      b.addCase(t.fulfilled, (s, a) => {
        s.people = a.payload
        s.error = null
      })
    }
    b.addCase(authoriseMember.rejected, (s, a) => {
      s.error = a.payload ?? { code: 'NP_ERR_PROXY_REFUSED', message: a.error.message ?? 'failed' }
    })
    b.addCase(requestSmsCode.fulfilled, (s, a) => {
      s.sms = a.payload
      s.error = null
    })
    for (const t of [signInWithCode, loadDemoPeople, requestSmsCode]) {
      b.addCase(t.rejected, (s, a) => {
        s.error = a.payload ?? { code: 'NP_ERR_HTTP_NETWORK', message: a.error.message ?? 'failed' }
      })
    }
    b.addCase(loadDemoPeople.fulfilled, (s, a) => {
      s.demoPeople = a.payload
    })
    b.addCase(switchPerson.fulfilled, (s, a) => {
      s.activeId = a.payload
    })
    b.addCase(setConsent.fulfilled, (s, a) => {
      s.consents = a.payload
    })
  },
  selectors: {
    selectPeople: (s) => s.people,
    selectActivePerson: (s) => s.people.find((p) => p.id === s.activeId) ?? null,
    selectConsents: (s) => s.consents,
    selectIdentityStatus: (s) => s.status,
    selectDemoPeople: (s) => s.demoPeople,
    selectIdentityError: (s) => s.error,
    selectPersonFormErrors: (s) => s.formErrors,
    selectSms: (s) => s.sms,
  },
})

export const { identityErrorCleared } = identitySlice.actions
export const {
  selectPeople,
  selectActivePerson,
  selectConsents,
  selectIdentityStatus,
  selectDemoPeople,
  selectIdentityError,
  selectPersonFormErrors,
  selectSms,
} = identitySlice.selectors
