/** Answers of the image-collation endpoints (batches, collection records, students' reports), as the server sends them. */
import type { components } from '@/api/schema';

export const imageOperator = { id: 's-photo', email: 'photo@xuexin.example', role: 'image_operator' as const, school_code: null, province_code: null, disabled: false, second_factor_enrolled: false };

/** The body of `POST /api/v1/staff/sessions` for the image operator (for `staffSession.start`). */
export const operatorLoggedIn = { access_token: 'staff-1', token_type: 'Bearer', expires_in: 28800, staff: imageOperator };

export const imageRecord = (over: Partial<components['schemas']['ImageRecordView']> = {}): components['schemas']['ImageRecordView'] => ({
  id: 'img-1',
  batch_id: 'b-1',
  manifest_line: 2,
  file_name: '0001.jpg',
  school_name: '北京大学',
  name: '王晓明',
  id_number: '11019920050314011X',
  captured_on: '2026-06-01',
  width: 480,
  height: 640,
  content_type: 'image/jpeg',
  size_bytes: 48211,
  created_at: '2026-11-29T08:00:00Z',
  updated_at: '2026-11-29T08:00:00Z',
  deleted_at: null,
  deleted_reason: null,
  linked: false,
  enrollment_ids: [],
  editable: true,
  ...over,
});

export const batchReport = (over: Partial<components['schemas']['BatchReport']> = {}): components['schemas']['BatchReport'] => ({
  batch_id: 'b-1',
  lines: 2,
  accepted: 1,
  rejected: [{ line: 3, file: '0002.jpg', reason: '照片尺寸为 300×400 像素，应为 480×640' }],
  unreferenced_files: [],
  ...over,
});

export const collationRequest = (over: Partial<components['schemas']['CollationRequestView']> = {}): components['schemas']['CollationRequestView'] => ({
  id: 'cr-1',
  enrollment_id: 'e-wxm',
  image_record_id: 'img-1',
  kind: 'this_is_me',
  message: '采集时姓名录错了',
  status: 'open',
  created_at: '2026-11-29T08:00:00Z',
  decided_at: null,
  decision_note: null,
  student_email: 'wang@example.cn',
  ...over,
});

/** `GET …/photo`: a few bytes of "JPEG". */
export const photo = () => new Response(new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xd9])], { type: 'image/jpeg' }), { status: 200, headers: { 'Content-Type': 'image/jpeg' } });
