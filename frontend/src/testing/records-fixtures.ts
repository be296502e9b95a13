/** Answers of the records endpoints, as the server sends them (Chinese vocabulary values). */
export const enrollmentPending = {
  id: 'e-scu',
  school_code: '10610',
  school_name: '四川大学',
  province_name: '四川省',
  student_no: '2305110004',
  name: '张伟',
  id_number: '510199200211300331',
  sex: '男',
  birth_date: '2002-11-30',
  ethnicity: '汉族',
  major: '软件工程',
  level: '本科',
  study_form: '普通全日制',
  entry_date: '2023-09-01',
  expected_graduation: '2025-07-01',
  status: '在籍',
  qualification_pending: true,
  correction_pending: false,
  has_photo: false,
};

export const enrollmentGraduated = {
  ...enrollmentPending,
  id: 'e-szpu',
  school_code: '11113',
  school_name: '深圳职业技术大学',
  province_name: '广东省',
  student_no: '2001310003',
  major: '软件技术',
  level: '专科',
  entry_date: '2020-09-01',
  expected_graduation: '2023-06-30',
  status: '毕业',
  qualification_pending: false,
};

export const degree = {
  id: 'd-thu',
  certificate_no: '100031202305000123',
  school_code: '10003',
  school_name: '清华大学',
  name: '李华',
  id_number: '31019920010802022X',
  major: '电子信息工程',
  level: '本科',
  study_form: '普通全日制',
  graduation_date: '2023-07-01',
};

export const maskedDegree = { ...degree, id_number: '310199********022X' };

/** The degree as a verification report shows it: no ID number, not even masked. */
export const reportedDegree = {
  name: '李华',
  sex: '女',
  school_name: '清华大学',
  level: '本科',
  study_form: '普通全日制',
  graduation_date: '2023-07-01',
};

/** `enrollmentPending` as a verification report shows it. */
export const reportedEnrollment = {
  name: '张伟',
  sex: '男',
  school_name: '四川大学',
  level: '本科',
  study_form: '普通全日制',
  entry_date: '2023-09-01',
  expected_graduation: '2025-07-01',
  status: '在籍',
  qualification_pending: true,
};

export const report = (overrides: Record<string, unknown> = {}) => ({
  code: 'V4U3GMN8DAW7C6FM',
  record_type: 'degree',
  record_id: 'd-thu',
  created_at: '2026-11-29T13:56:24Z',
  expires_at: '2027-02-27T13:56:24Z',
  state: 'active',
  verify_url: 'http://127.0.0.1:8080/verify/V4U3GMN8DAW7C6FM',
  ...overrides,
});

export const items = <T>(list: T[]) => ({ items: list, total: list.length });
