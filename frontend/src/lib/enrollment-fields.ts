/**
 * The fields of an enrollment record (学籍) that staff see and correct, in Chinese, with the
 * values the API accepts. Shared by the school's screens (在校生, 申请更正) and the reviewer's
 * (更正申请 and its diff), so a field reads the same everywhere.
 */
import type { components } from '@/api/schema';

type Schemas = components['schemas'];

/** The fields a school may propose to correct (`ProposeRequest.changes`), in the order of the record's facts. */
export const EDITABLE_FIELDS = [
  'name',
  'id_number',
  'sex',
  'birth_date',
  'ethnicity',
  'student_no',
  'major',
  'level',
  'study_form',
  'entry_date',
  'expected_graduation',
  'status',
] as const;

export type EditableField = (typeof EDITABLE_FIELDS)[number];

export const FIELD_LABELS: Record<EditableField, string> = {
  student_no: '学号',
  name: '姓名',
  id_number: '身份证号',
  sex: '性别',
  birth_date: '出生日期',
  ethnicity: '民族',
  major: '专业',
  level: '层次',
  study_form: '学习形式',
  entry_date: '入学日期',
  expected_graduation: '预计毕业日期',
  status: '学籍状态',
};

export function isEditableField(field: string): field is EditableField {
  return (EDITABLE_FIELDS as readonly string[]).includes(field);
}

/** The Chinese label of a field the API names (`name` → 姓名); an unknown one as it is. */
export function fieldLabel(field: string): string {
  return isEditableField(field) ? FIELD_LABELS[field] : field;
}

/** Fields whose value is a calendar date (`YYYY-MM-DD`). */
export const DATE_FIELDS: readonly EditableField[] = ['birth_date', 'entry_date', 'expected_graduation'];

export const SEXES = ['男', '女'] as const satisfies readonly Schemas['SexValue'][];
export const LEVELS = ['专科', '本科', '硕士', '博士'] as const satisfies readonly Schemas['Level'][];
export const STUDY_FORMS = ['普通全日制', '非全日制', '成人教育', '网络教育', '自学考试'] as const satisfies readonly Schemas['StudyForm'][];
export const ENROLLMENT_STATUSES = ['在籍', '休学', '退学', '毕业', '结业', '注销'] as const satisfies readonly Schemas['EnrollmentStatus'][];
/** 学籍状态 a correction may set: not 注销 (that is the revocation, with its reason). */
export const CORRECTABLE_STATUSES = ['在籍', '休学', '退学', '毕业', '结业'] as const satisfies readonly Schemas['EnrollmentStatus'][];

/** The choices of a field that has a fixed set of values; `null` for free text and dates. */
export function fieldChoices(field: EditableField): readonly string[] | null {
  switch (field) {
    case 'sex':
      return SEXES;
    case 'level':
      return LEVELS;
    case 'study_form':
      return STUDY_FORMS;
    case 'status':
      return CORRECTABLE_STATUSES;
    default:
      return null;
  }
}
