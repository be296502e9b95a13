//! Response shapes of a record with what is shown beside it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::service::Dossier;
use crate::db::utc;
use crate::records::enrollment::Enrollment;
use crate::rules::vocab::{EnrollmentStatus, Level, SexValue, StudyForm};

/// An enrollment record (学籍).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "6c1d…", "school_code": "10001", "school_name": "北京大学", "province_name": "北京市", "student_no": "2301110001", "name": "王小明", "id_number": "11019920050314011X", "sex": "男", "birth_date": "2005-03-14", "ethnicity": "汉族", "major": "计算机科学与技术", "level": "本科", "study_form": "普通全日制", "entry_date": "2023-09-01", "expected_graduation": "2027-07-01", "status": "在籍", "qualification_pending": false, "correction_pending": false, "has_photo": true}))]
pub struct EnrollmentView {
    pub id: String,
    pub school_code: String,
    pub school_name: String,
    pub province_name: String,
    pub student_no: String,
    pub name: String,
    /// In full: only the owner and staff in scope see this view.
    pub id_number: String,
    pub sex: SexValue,
    pub birth_date: NaiveDate,
    pub ethnicity: String,
    pub major: String,
    pub level: Level,
    pub study_form: StudyForm,
    pub entry_date: NaiveDate,
    pub expected_graduation: NaiveDate,
    /// 学籍状态.
    pub status: EnrollmentStatus,
    /// 资格待查: e.g. a 专升本 student whose junior-college record is not yet confirmed.
    pub qualification_pending: bool,
    /// 更正申请中: the school has proposed a correction of this record that awaits provincial review.
    pub correction_pending: bool,
    /// A collected photo links to the record (`GET /me/enrollments/{id}/photo`).
    pub has_photo: bool,
}

impl EnrollmentView {
    /// The full view of a record, for its owner and for staff in scope. It has no masked form:
    /// a masked ID number beside the birth date would give the whole number away, so public
    /// answers use [`ReportedEnrollment`] instead.
    pub fn from_record(e: Enrollment, correction_pending: bool, has_photo: bool) -> Self {
        let f = e.fields;
        Self {
            sex: f.sex,
            level: f.level,
            study_form: f.study_form,
            status: f.status,
            id_number: f.id_number,
            id: e.id,
            school_code: f.school_code,
            school_name: e.school_name,
            province_name: e.province_name,
            student_no: f.student_no,
            name: f.name,
            birth_date: f.birth_date,
            ethnicity: f.ethnicity,
            major: f.major,
            entry_date: f.entry_date,
            expected_graduation: f.expected_graduation,
            qualification_pending: f.qualification_pending,
            correction_pending,
            has_photo,
        }
    }
}

/// An enrollment record as staff see it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "6c1d…", "school_code": "10001", "school_name": "北京大学", "province_name": "北京市", "student_no": "2301110001", "name": "王晓明", "id_number": "11019920050314011X", "sex": "男", "birth_date": "2005-03-14", "ethnicity": "汉族", "major": "计算机科学与技术", "level": "本科", "study_form": "普通全日制", "entry_date": "2023-09-01", "expected_graduation": "2027-07-01", "status": "在籍", "qualification_pending": false, "correction_pending": true, "has_photo": false, "province_code": "11", "pending_change_request_id": "9a7c…", "revocation_reason": null, "duplicate_of": null, "revoked_at": null}))]
pub struct StaffEnrollmentView {
    #[serde(flatten)]
    pub record: EnrollmentView,
    pub province_code: String,
    /// The pending change request of the record, if any.
    pub pending_change_request_id: Option<String>,
    /// Why the record was revoked (status 注销).
    pub revocation_reason: Option<String>,
    /// The record this one duplicates, when revoked as a duplicate.
    pub duplicate_of: Option<String>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl StaffEnrollmentView {
    /// The view of a record with what staff see beside it.
    pub fn of(r: Dossier) -> Self {
        let e = r.record;
        Self {
            province_code: e.province_code.clone(),
            revocation_reason: e.revocation_reason.clone(),
            duplicate_of: e.duplicate_of.clone(),
            revoked_at: e.revoked_at.map(utc),
            record: EnrollmentView::from_record(
                e,
                r.pending_change_request_id.is_some(),
                r.has_photo,
            ),
            pending_change_request_id: r.pending_change_request_id,
        }
    }
}
