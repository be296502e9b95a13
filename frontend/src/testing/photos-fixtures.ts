/** Answers of the student's photo endpoints (图像校对), as the server sends them. */
import { enrollmentPending } from './records-fixtures';

/** 张伟's 四川大学 record, with a photo linked to it. */
export const enrollmentWithPhoto = { ...enrollmentPending, has_photo: true };

/** Image bytes as the server sends them (a JPEG's first bytes are enough for a blob). */
export const jpeg = () =>
  new Response(new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], { type: 'image/jpeg' }), {
    status: 200,
    headers: { 'Content-Type': 'image/jpeg' },
  });

/** A collected photo that is probably 张伟's: his ID number, the name captured differently (masked). */
export const candidateNameDiffers = {
  id: 'img-1',
  enrollment_id: 'e-scu',
  captured_on: '2026-06-01',
  school_name: '四川大学',
  name: '张*',
  id_number: '510199200211300331',
  differs: ['name'],
  thumbnail_url: '/api/v1/me/photo-candidates/img-1/thumbnail',
};

/** His name at his school, another ID number (masked). */
export const candidateIdDiffers = {
  ...candidateNameDiffers,
  id: 'img-2',
  captured_on: '2026-05-20',
  name: '张伟',
  id_number: '510199********0332',
  differs: ['id_number'],
  thumbnail_url: '/api/v1/me/photo-candidates/img-2/thumbnail',
};

export const collationRequest = (overrides: Record<string, unknown> = {}) => ({
  id: 'c-1',
  enrollment_id: 'e-scu',
  image_record_id: 'img-1',
  kind: 'this_is_me',
  message: null,
  status: 'open',
  created_at: '2026-11-29T08:00:00Z',
  decided_at: null,
  decision_note: null,
  student_email: null,
  ...overrides,
});
