/** Units and contracts in the customer timeline, and a unit's own entry in its service history. */
import { contractTimeline, unitRecordHistory, unitTimeline } from './products.service.ts';

export const productsFeeds = { customerTimeline: { unit: unitTimeline, contract: contractTimeline }, unitHistory: { unit: unitRecordHistory } };
