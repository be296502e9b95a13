/** Answers of the 在校生 and 更正申请 endpoints, as the server sends them. */

export const schoolAdmin = { id: 's-pku', email: 'pku@xuexin.example', role: 'school_admin' as const, school_code: '10001', province_code: null, disabled: false, second_factor_enrolled: false };
export const reviewer = { id: 's-bj', email: 'beijing@xuexin.example', role: 'provincial_reviewer' as const, school_code: null, province_code: '11', disabled: false, second_factor_enrolled: false };
export const platformAdmin = { id: 's-admin', email: 'admin@xuexin.example', role: 'platform_admin' as const, school_code: null, province_code: null, disabled: false, second_factor_enrolled: false };

/** The body of `POST /api/v1/staff/sessions` for `staff` (for `staffSession.start`). */
export const staffLoggedIn = (staff: typeof schoolAdmin | typeof reviewer | typeof platformAdmin) => ({
  access_token: 'staff-1',
  token_type: 'Bearer',
  expires_in: 28800,
  staff,
});

export const staffEnrollment = {
  id: 'e-wxm',
  school_code: '10001',
  school_name: '北京大学',
  province_name: '北京市',
  student_no: '2301110001',
  name: '王小明',
  id_number: '11019920050314011X',
  sex: '男',
  birth_date: '2005-03-14',
  ethnicity: '汉族',
  major: '计算机科学与技术',
  level: '本科',
  study_form: '普通全日制',
  entry_date: '2023-09-01',
  expected_graduation: '2027-07-01',
  status: '在籍',
  qualification_pending: false,
  correction_pending: false,
  province_code: '11',
  pending_change_request_id: null as string | null,
  revocation_reason: null as string | null,
  duplicate_of: null as string | null,
  revoked_at: null as string | null,
};

export const otherEnrollment = {
  ...staffEnrollment,
  id: 'e-mmt',
  student_no: '2206510010',
  name: '买买提·艾力',
  id_number: '650199200409090799',
  ethnicity: '维吾尔族',
  major: '汉语言文学',
  qualification_pending: true,
  correction_pending: true,
  pending_change_request_id: 'cr-2',
};

export const page = <T>(items: T[], over: Partial<{ total: number; page: number; per_page: number }> = {}) => ({
  items,
  total: items.length,
  page: 1,
  per_page: 20,
  ...over,
});

export const changeRequest = (over: Record<string, unknown> = {}) => ({
  id: 'cr-1',
  enrollment_id: 'e-wxm',
  school_code: '10001',
  school_name: '北京大学',
  student_name: '王小明',
  student_no: '2301110001',
  status: 'pending',
  reason: '依据身份证更正姓名。',
  changes: [{ field: 'name', before: '王小明', after: '王晓明' }],
  stale: false,
  requested_by: 'pku@xuexin.example',
  created_at: '2026-11-29T08:00:00Z',
  decided_by: null,
  decided_at: null,
  decision_reason: null,
  ...over,
});
