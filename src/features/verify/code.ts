/** The verifiers the start slices' thunks use (see ./load.ts): signed itinerary, risk-area lists, place-codes. */
export { verifyItinerary } from '../../core/itinerary'
export { verifyRiskAreaList } from '../../core/riskAreas'
export { recognizePlaceCode } from '../scan/recognize'
export { requestPassBundles } from '../pass/passThunks'
