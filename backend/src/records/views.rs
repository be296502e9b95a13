//! Response shapes of the records capability.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::degree::Degree;
use super::enrollment::Enrollment;
use super::service::{RecordType, ReportState};
use crate::error::AppError;
use crate::rules::id_number::mask;
use crate::rules::vocab::{EnrollmentStatus, Level, SexValue, StudyForm};
use crate::rules::{IdNumber, Sex};

/// A degree record (学历).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "8f2a…", "certificate_no": "100031202305000123", "school_code": "10003", "school_name": "清华大学", "name": "李华", "id_number": "31019920010802022X", "major": "电子信息工程", "level": "本科", "study_form": "普通全日制", "graduation_date": "2023-07-01"}))]
pub struct DegreeView {
    pub id: String,
    pub certificate_no: String,
    pub school_code: String,
    pub school_name: String,
    pub name: String,
    /// In full for the owner; masked in the public degree check (which shows no birth date).
    pub id_number: String,
    pub major: String,
    pub level: Level,
    pub study_form: StudyForm,
    pub graduation_date: NaiveDate,
}

impl DegreeView {
    /// The view of a record, its ID number masked for the public degree check.
    pub fn from_record(d: Degree, masked: bool) -> Self {
        let f = d.fields;
        Self {
            id_number: if masked {
                mask(&f.id_number)
            } else {
                f.id_number
            },
            id: d.id,
            certificate_no: f.certificate_no,
            school_code: f.school_code,
            school_name: d.school_name,
            name: f.name,
            major: f.major,
            level: f.level,
            study_form: f.study_form,
            graduation_date: f.graduation_date,
        }
    }
}

/// A list of records.
#[derive(Debug, Serialize, ToSchema)]
pub struct Items<T> {
    pub items: Vec<T>,
    pub total: usize,
}

impl<T> Items<T> {
    /// The whole list.
    pub fn of(items: Vec<T>) -> Self {
        Self {
            total: items.len(),
            items,
        }
    }
}

/// One of the student's reports.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"code": "7KQ9MZ4XH2TB8WNC", "record_type": "enrollment", "record_id": "6c1d…", "created_at": "2026-09-01T08:00:00Z", "expires_at": "2026-11-30T08:00:00Z", "state": "active", "verify_url": "http://127.0.0.1:8080/verify/7KQ9MZ4XH2TB8WNC"}))]
pub struct ReportView {
    /// 16 characters without look-alikes (no 0/O, 1/I/L).
    pub code: String,
    pub record_type: RecordType,
    pub record_id: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub state: ReportState,
    /// The public page that shows the report.
    pub verify_url: String,
}

/// The enrollment a report vouches for, as anyone with the code sees it: what a verifier needs
/// to match a person to a record and nothing else — no ID number (not even masked: a verifier
/// often holds the birth date from a CV), no birth date, no student number, no photo yet.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"name": "王小明", "sex": "男", "school_name": "北京大学", "level": "本科", "study_form": "普通全日制", "entry_date": "2023-09-01", "expected_graduation": "2027-07-01", "status": "在籍", "qualification_pending": false}))]
pub struct ReportedEnrollment {
    pub name: String,
    pub sex: SexValue,
    pub school_name: String,
    pub level: Level,
    pub study_form: StudyForm,
    pub entry_date: NaiveDate,
    pub expected_graduation: NaiveDate,
    /// 学籍状态.
    pub status: EnrollmentStatus,
    /// 资格待查: part of the status a verifier must not miss.
    pub qualification_pending: bool,
}

impl ReportedEnrollment {
    /// What anyone with the code sees of the record.
    pub fn from_record(e: Enrollment) -> Self {
        let f = e.fields;
        Self {
            sex: f.sex,
            level: f.level,
            study_form: f.study_form,
            status: f.status,
            name: f.name,
            school_name: e.school_name,
            entry_date: f.entry_date,
            expected_graduation: f.expected_graduation,
            qualification_pending: f.qualification_pending,
        }
    }
}

/// The degree a report vouches for, as anyone with the code sees it (no ID number, not even
/// masked).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"name": "李华", "sex": "女", "school_name": "清华大学", "level": "本科", "study_form": "普通全日制", "graduation_date": "2023-07-01"}))]
pub struct ReportedDegree {
    pub name: String,
    /// As the ID number encodes it (a degree record has no sex of its own).
    pub sex: SexValue,
    pub school_name: String,
    pub level: Level,
    pub study_form: StudyForm,
    pub graduation_date: NaiveDate,
}

impl ReportedDegree {
    /// What anyone with the code sees of the record; the sex is read from the ID number.
    pub fn from_record(d: Degree) -> Result<Self, AppError> {
        let id = IdNumber::parse(&d.id_number, NaiveDate::MAX, "id_number").map_err(|_| {
            AppError::internal(anyhow::anyhow!(
                "stored degree {} has a bad ID number",
                d.id
            ))
        })?;
        let f = d.fields;
        Ok(Self {
            sex: match id.sex() {
                Sex::Male => SexValue::Male,
                Sex::Female => SexValue::Female,
            },
            level: f.level,
            study_form: f.study_form,
            name: f.name,
            school_name: d.school_name,
            graduation_date: f.graduation_date,
        })
    }
}

/// What a report shows anyone.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"code": "7KQ9MZ4XH2TB8WNC", "record_type": "degree", "expires_at": "2026-11-30T08:00:00Z", "enrollment": null, "degree": {"name": "李华", "sex": "女", "school_name": "清华大学", "level": "本科", "study_form": "普通全日制", "graduation_date": "2023-07-01"}}))]
pub struct PublicReport {
    pub code: String,
    pub record_type: RecordType,
    pub expires_at: DateTime<Utc>,
    /// The enrollment vouched for, for enrollment reports.
    pub enrollment: Option<ReportedEnrollment>,
    /// The degree vouched for, for degree reports.
    pub degree: Option<ReportedDegree>,
}

/// A degree check's answer.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"valid": true, "degree": {"id": "8f2a…", "certificate_no": "100031202305000123", "school_code": "10003", "school_name": "清华大学", "name": "李华", "id_number": "310199********022X", "major": "电子信息工程", "level": "本科", "study_form": "普通全日制", "graduation_date": "2023-07-01"}}))]
pub struct DegreeCheck {
    /// Whether a degree with this certificate number belongs to this name.
    pub valid: bool,
    /// The degree's facts (ID number masked), when valid.
    pub degree: Option<DegreeView>,
}
