//! The rules of records: who sees which records, verification reports and degree checks.

use chrono::{Duration, NaiveDateTime};
use rand::Rng;

use super::degree::Degree;
use super::enrollment::Enrollment;
use super::store::{self, Report};
use crate::accounts::store as accounts;
use crate::context::Ctx;
use crate::db::DbConnection;
use crate::error::{AppError, FieldError, Text};
use crate::ratelimit;
use crate::rules::text;

/// Characters of report codes: no 0/O, 1/I/L, so a code read aloud or printed is not misread.
pub const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Length of a report code (31^16 ≈ 2^79 possibilities).
pub const CODE_LEN: usize = 16;
const PUBLIC_LOOKUP_IP: &str = "public_lookup_ip";

/// A new random report code.
pub fn new_code() -> String {
    let mut rng = rand::rng();
    (0..CODE_LEN)
        .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
        .collect()
}

/// The typed code in its stored form: upper-case, spaces and hyphens removed.
pub fn normalize_code(raw: &str) -> String {
    raw.chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .collect::<String>()
        .to_ascii_uppercase()
}

/// The real-name pair of an active account; records link by exactly this pair.
fn identity_of(
    conn: &mut DbConnection,
    account_id: &str,
) -> Result<Option<(String, String)>, AppError> {
    let account = accounts::find_by_id(conn, account_id)?;
    Ok(account.and_then(|a| Some((a.name?, a.id_number?))))
}

/// The student's own enrollment records (not revoked).
pub fn my_records(conn: &mut DbConnection, account_id: &str) -> Result<Vec<Enrollment>, AppError> {
    match identity_of(conn, account_id)? {
        Some((name, id)) => Ok(store::enrollments_of(conn, &name, &id)?),
        None => Ok(Vec::new()),
    }
}

/// One of the student's own enrollment records, or 404 `record_not_found`.
pub fn my_record(
    conn: &mut DbConnection,
    account_id: &str,
    enrollment_id: &str,
) -> Result<Enrollment, AppError> {
    my_records(conn, account_id)?
        .into_iter()
        .find(|e| e.id == enrollment_id)
        .ok_or_else(record_not_found)
}

/// The student's own degrees.
pub fn my_degrees(conn: &mut DbConnection, account_id: &str) -> Result<Vec<Degree>, AppError> {
    match identity_of(conn, account_id)? {
        Some((name, id)) => Ok(store::degrees_of(conn, &name, &id)?),
        None => Ok(Vec::new()),
    }
}

/// What a report is about.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[schema(as = RecordTypeName)]
pub enum RecordType {
    Enrollment,
    Degree,
}

impl RecordType {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Enrollment => "enrollment",
            Self::Degree => "degree",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "enrollment" => Some(Self::Enrollment),
            "degree" => Some(Self::Degree),
            _ => None,
        }
    }
}

fn record_not_found() -> AppError {
    AppError::not_found(
        "record_not_found",
        Text::new("没有找到这条记录。", "No such record of yours."),
    )
}

/// Whether `record` belongs to the identity `(name, id_number)`: both equal, and an enrollment
/// is not revoked (注销). A report vouches only while this holds for the identity of the account
/// that made it, so a corrected or revoked record, or a detached or corrected account, ends it.
pub fn belongs_to(identity: (&str, &str), record: &Vouched) -> bool {
    let (name, id_number) = identity;
    match record {
        Vouched::Enrollment(e) => !e.is_revoked() && e.name == name && e.id_number == id_number,
        Vouched::Degree(d) => d.name == name && d.id_number == id_number,
    }
}

/// The record of this type and id, if any.
fn record_of(
    conn: &mut DbConnection,
    kind: RecordType,
    record_id: &str,
) -> Result<Option<Vouched>, AppError> {
    Ok(match kind {
        RecordType::Enrollment => store::enrollment(conn, record_id)?.map(Vouched::Enrollment),
        RecordType::Degree => store::degree(conn, record_id)?.map(Vouched::Degree),
    })
}

/// Whether the record belongs to the account's current identity.
fn account_holds(
    conn: &mut DbConnection,
    account_id: &str,
    record: &Vouched,
) -> Result<bool, AppError> {
    Ok(identity_of(conn, account_id)?.is_some_and(|(name, id)| belongs_to((&name, &id), record)))
}

/// Whether the record belongs to the account (by name and ID number).
fn owns(
    conn: &mut DbConnection,
    account_id: &str,
    kind: RecordType,
    record_id: &str,
) -> Result<bool, AppError> {
    match record_of(conn, kind, record_id)? {
        Some(record) => account_holds(conn, account_id, &record),
        None => Ok(false),
    }
}

/// Creates a report for one of the student's own records, valid `valid_days` days (30–365, as
/// the request checked).
pub fn create_report(
    conn: &mut DbConnection,
    ctx: &Ctx,
    account_id: &str,
    kind: RecordType,
    record_id: &str,
    valid_days: u32,
) -> Result<Report, AppError> {
    if !owns(conn, account_id, kind, record_id)? {
        return Err(record_not_found());
    }
    let now = ctx.ts();
    let report = Report {
        code: new_code(),
        account_id: account_id.to_owned(),
        record_type: kind.as_str().to_owned(),
        record_id: record_id.to_owned(),
        created_at: now,
        expires_at: now + Duration::days(i64::from(valid_days)),
        revoked_at: None,
    };
    store::insert_report(conn, &report)?;
    Ok(report)
}

/// The student's reports.
pub fn my_reports(conn: &mut DbConnection, account_id: &str) -> Result<Vec<MyReport>, AppError> {
    store::reports_of(conn, account_id)?
        .into_iter()
        .map(|report| {
            Ok(MyReport {
                vouches: still_vouches(conn, &report)?,
                report,
            })
        })
        .collect()
}

/// One of the student's reports, with whether its record still belongs to the account's identity.
#[derive(Debug, Clone)]
pub struct MyReport {
    pub report: Report,
    /// False once the record was corrected to another name / ID number or revoked (注销): the
    /// report then counts as revoked everywhere.
    pub vouches: bool,
}

/// Whether the report's record still exists and belongs to the reporting account's identity.
fn still_vouches(conn: &mut DbConnection, report: &Report) -> Result<bool, AppError> {
    let record = match RecordType::parse(&report.record_type) {
        Some(kind) => record_of(conn, kind, &report.record_id)?,
        None => None,
    };
    match record {
        Some(record) => account_holds(conn, &report.account_id, &record),
        None => Ok(false),
    }
}

fn own_report(conn: &mut DbConnection, account_id: &str, code: &str) -> Result<Report, AppError> {
    store::report(conn, &normalize_code(code))?
        .filter(|r| r.account_id == account_id)
        .ok_or_else(|| {
            AppError::not_found(
                "report_not_found",
                Text::new("没有找到这份验证报告。", "No such report of yours."),
            )
        })
}

/// Revokes one of the student's reports at once.
pub fn revoke_report(
    conn: &mut DbConnection,
    ctx: &Ctx,
    account_id: &str,
    code: &str,
) -> Result<(), AppError> {
    let report = own_report(conn, account_id, code)?;
    store::revoke_report(conn, &report.code, ctx.ts())?;
    Ok(())
}

/// Extends (or shortens) one of the student's live reports to `valid_days` from now.
pub fn extend_report(
    conn: &mut DbConnection,
    ctx: &Ctx,
    account_id: &str,
    code: &str,
    valid_days: u32,
) -> Result<Report, AppError> {
    let mut report = own_report(conn, account_id, code)?;
    if report.revoked_at.is_some() || !still_vouches(conn, &report)? {
        return Err(AppError::conflict(
            "report_revoked",
            Text::new(
                "这份验证报告已撤销或失效，不能延期。",
                "This report was revoked or no longer vouches for its record.",
            ),
        ));
    }
    report.expires_at = ctx.ts() + Duration::days(i64::from(valid_days));
    store::set_report_expiry(conn, &report.code, report.expires_at)?;
    Ok(report)
}

/// Where a report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    Active,
    Expired,
    Revoked,
}

/// The state of a report at `now`; one that no longer `vouches` for its record counts as revoked.
pub fn report_state(report: &Report, vouches: bool, now: NaiveDateTime) -> ReportState {
    if report.revoked_at.is_some() || !vouches {
        ReportState::Revoked
    } else if now >= report.expires_at {
        ReportState::Expired
    } else {
        ReportState::Active
    }
}

/// Refuses when the client IP made too many public lookups in the last minute, else counts this one.
fn public_budget(conn: &mut DbConnection, ctx: &Ctx) -> Result<(), AppError> {
    let limit = ctx.config.records.ip_public_lookups_per_minute;
    match ratelimit::charge_public_lookup(conn, ctx, PUBLIC_LOOKUP_IP, limit)? {
        None => Ok(()),
        Some(wait) => Err(AppError::too_many_requests(
            "too_many_lookups",
            Text::new(
                "查询过于频繁，请稍后再试。",
                "Too many lookups; try again shortly.",
            ),
            wait,
        )),
    }
}

/// What a valid report shows.
#[derive(Debug, Clone)]
pub enum Vouched {
    Enrollment(Enrollment),
    Degree(Degree),
}

/// Looks a report up for anyone holding its code.
pub fn public_report(
    conn: &mut DbConnection,
    ctx: &Ctx,
    raw_code: &str,
) -> Result<(Report, Vouched), AppError> {
    public_budget(conn, ctx)?;
    let code = normalize_code(raw_code);
    let report = store::report(conn, &code)?.ok_or_else(|| {
        AppError::not_found(
            "report_not_found",
            Text::new(
                "验证码不存在，请检查是否输入正确。",
                "No report has this code.",
            ),
        )
    })?;
    // The student's copy of their data says when each report was looked up (never by whom).
    store::record_lookup(conn, &report.code, ctx.ts())?;
    match report_state(&report, true, ctx.ts()) {
        ReportState::Revoked => return Err(report_revoked()),
        ReportState::Expired => {
            return Err(AppError::not_found(
                "report_expired",
                Text::new(
                    "这份验证报告已过有效期，请向本人索取新的验证码。",
                    "This report has expired; ask the holder for a new one.",
                ),
            ))
        }
        ReportState::Active => {}
    }
    let vouched = match RecordType::parse(&report.record_type) {
        Some(kind) => record_of(conn, kind, &report.record_id)?,
        None => None,
    };
    let vouched = vouched.ok_or_else(record_not_found)?;
    // The record may have been corrected or revoked, or the account's identity detached or
    // corrected, since the report was made: it then vouches for nothing, like a revoked one.
    if !account_holds(conn, &report.account_id, &vouched)? {
        return Err(report_revoked());
    }
    Ok((report, vouched))
}

/// A report that no longer vouches: revoked by its holder, by support (when the account's
/// identity was detached or corrected), or whose record no longer belongs to that identity.
/// The answer does not say which: that is about the holder's account, not for the verifier.
fn report_revoked() -> AppError {
    AppError::not_found(
        "report_revoked",
        Text::new(
            "这份验证报告已撤销或失效，不再有效。",
            "This report was revoked or no longer vouches for its record.",
        ),
    )
}

/// Revokes every report of the account, when support detaches or corrects its identity: they
/// vouched for that identity. Returns how many (for the caller's audit event).
pub fn revoke_reports_of(
    conn: &mut DbConnection,
    account_id: &str,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    Ok(store::revoke_reports_of(conn, account_id, now)?)
}

/// A term of a degree check in the form it is compared in: trimmed, in NFC as every stored
/// value is, with no character that is not shown (a NUL would reach the database), not empty.
pub fn degree_check_term(raw: &str, field: &'static str) -> Result<String, FieldError> {
    let term = text::line(raw.trim(), field)?;
    if term.is_empty() {
        let (code, message) = match field {
            "certificate_no" => (
                "certificate_no_required",
                Text::new("请填写证书编号。", "Enter the certificate number."),
            ),
            _ => (
                "name_required",
                Text::new("请填写姓名。", "Enter the name."),
            ),
        };
        return Err(FieldError::new(field, code, message));
    }
    Ok(term)
}

/// Checks a degree by certificate number and name (each a [`degree_check_term`]): the degree
/// when both match.
pub fn check_degree(
    conn: &mut DbConnection,
    ctx: &Ctx,
    certificate_no: &str,
    name: &str,
) -> Result<Option<Degree>, AppError> {
    let invalid = |e: FieldError| AppError::validation(vec![e]);
    let certificate_no = degree_check_term(certificate_no, "certificate_no").map_err(invalid)?;
    let name = degree_check_term(name, "name").map_err(invalid)?;
    public_budget(conn, ctx)?;
    Ok(store::degree_by_certificate(conn, &certificate_no)?.filter(|d| d.name == name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::enrollment::EnrollmentDraft;
    use crate::rules::vocab::{EnrollmentStatus, Level, SexValue, StudyForm};
    use chrono::NaiveDate;

    fn enrollment(name: &str, id_number: &str, status: &str) -> Vouched {
        let d = NaiveDate::from_ymd_opt(2023, 9, 1).unwrap();
        Vouched::Enrollment(Enrollment {
            id: "e1".into(),
            fields: EnrollmentDraft {
                school_code: "10001".into(),
                student_no: "1".into(),
                name: name.into(),
                id_number: id_number.into(),
                sex: SexValue::Male,
                birth_date: d,
                ethnicity: "汉族".into(),
                major: "数学".into(),
                level: Level::Bachelor,
                study_form: StudyForm::FullTime,
                entry_date: d,
                expected_graduation: d,
                status: EnrollmentStatus::parse(status).unwrap(),
                qualification_pending: false,
            },
            school_name: "北京大学".into(),
            province_name: "北京市".into(),
            province_code: "11".into(),
            revocation_reason: None,
            duplicate_of: None,
            revoked_at: None,
        })
    }

    #[test]
    fn a_record_belongs_to_an_identity_only_by_both_name_and_number_and_while_not_revoked() {
        let who = ("王小明", "11019920050314011X");
        assert!(belongs_to(
            who,
            &enrollment("王小明", "11019920050314011X", "在籍")
        ));
        assert!(!belongs_to(
            who,
            &enrollment("王晓明", "11019920050314011X", "在籍")
        ));
        assert!(!belongs_to(
            who,
            &enrollment("王小明", "110199200503140128", "在籍")
        ));
        assert!(!belongs_to(
            who,
            &enrollment("王小明", "11019920050314011X", "注销")
        ));
    }

    #[test]
    fn codes_are_long_and_use_no_ambiguous_characters() {
        for _ in 0..100 {
            let c = new_code();
            assert_eq!(c.len(), CODE_LEN);
            assert!(c.bytes().all(|b| CODE_ALPHABET.contains(&b)));
            assert!(!c.contains(['0', 'O', '1', 'I', 'L']));
        }
        assert_eq!(normalize_code(" abcd-efgh 2345 6789 "), "ABCDEFGH23456789");
    }
}
