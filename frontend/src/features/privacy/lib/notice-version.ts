/**
 * The version of the privacy notice this page shows. It must equal the backend's
 * `privacy::NOTICE_VERSION` (a backend test reads this file): the text a student reads is the
 * notice they are recorded as agreeing to.
 */
export const NOTICE_VERSION = '2026-12-03';

/** The day this version was published. */
export const NOTICE_PUBLISHED_ON = '2026-12-03';
