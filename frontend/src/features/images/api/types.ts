import type { components } from '@/api/schema';

/** 图像采集记录: a collected photo with what was typed at capture, as the school sees it. */
export type ImageRecord = components['schemas']['ImageRecordView'];
export type ImageRecordPage = components['schemas']['Page_ImageRecordView'];
/** The outcome of an uploaded batch: stored photos, refused lines, files no line names. */
export type BatchReport = components['schemas']['BatchReport'];
export type Rejection = components['schemas']['Rejection'];
export type Batch = components['schemas']['BatchView'];
export type BatchPage = components['schemas']['Page_BatchView'];
/** A student's report about a photo, in the school's queue. */
export type CollationRequest = components['schemas']['CollationRequestView'];
export type CollationRequestPage = components['schemas']['Page_CollationRequestView'];
/** What the fix form may change. */
export type ImagePatch = components['schemas']['ImagePatch'];

export type CollationKind = 'this_is_me' | 'none_of_these' | 'wrong_photo';
export type CollationStatus = 'open' | 'resolved' | 'rejected';
