import type { components } from '@/api/schema';

export type PhotoCandidate = components['schemas']['CandidateView'];
export type CollationRequest = components['schemas']['CollationRequestView'];
export type CollationRequestBody = components['schemas']['CollationRequestBody'];
export type CollationKind = components['schemas']['ReportKind'];
