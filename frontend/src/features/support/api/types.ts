import type { components } from '@/api/schema';

/** A student account as support sees it (in full: support works nationwide). */
export type SupportAccount = components['schemas']['SupportAccountView'];
export type SupportAccountPage = components['schemas']['Page_SupportAccountView'];
export type AccountStatus = components['schemas']['AccountStatusName'];
