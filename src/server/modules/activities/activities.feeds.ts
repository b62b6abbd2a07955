/** Technical and commercial activities in the customer timeline. */
import { activityTimeline } from './activities.service.ts';
import { commercialActivityTimeline } from './commercial-activities.service.ts';

export const activitiesFeeds = { customerTimeline: { activity: activityTimeline, commercial_activity: commercialActivityTimeline } };
