import type { components } from '@/api/schema';

export type ChangeRequest = components['schemas']['ChangeRequestView'];
export type ChangeRequestPage = components['schemas']['Page_ChangeRequestView'];
export type ChangeRequestStatus = components['schemas']['ChangeRequestStatus'];
export type FieldChange = components['schemas']['FieldChange'];
