//! The rules of the 在校生 module. Qualification checks and revocations apply at once (no
//! provincial review), each with exactly one audit event in the same transaction.

use serde_json::json;

use crate::audit::reads::Read;
use crate::audit::{self, Event};
use crate::auth::authorize::Placed;
use crate::auth::StaffUser;
use crate::context::Ctx;
use crate::corrections::service::{enrollment_in_scope, enrollment_not_found, ensure_not_revoked};
use crate::db::{write_transaction, DbConnection};
use crate::dossier::service::{annotate, annotate_one, Dossier};
use crate::error::{AppError, FieldError, Text};
use crate::http::pagination::{Page, Window};
use crate::records::enrollment::Enrollment;
use crate::records::store::{self as records, StudentFilter};
use crate::rules::reason;

struct School {
    code: String,
    province_code: String,
}

impl Placed for School {
    fn school_code(&self) -> &str {
        &self.code
    }
    fn province_code(&self) -> &str {
        &self.province_code
    }
}

/// Audits that `staff` was shown the full ID numbers of `records` for `purpose`.
pub fn shown(
    conn: &mut DbConnection,
    ctx: &Ctx,
    staff: &StaffUser,
    purpose: &str,
    reason: Option<&str>,
    records: &[Dossier],
) -> Result<(), AppError> {
    let reads: Vec<Read> = records
        .iter()
        .filter_map(|r| Read::of("enrollment", &r.record.id, Some(&r.record.id_number), None))
        .collect();
    let reason = reason::optional(reason, "reason").ok().flatten();
    audit::reads::record(conn, ctx, staff, purpose, reason.as_deref(), &reads)
}

/// One page of a school's records, if the school is within the caller's scope.
pub fn search(
    conn: &mut DbConnection,
    staff: &StaffUser,
    school_code: &str,
    filter: &StudentFilter,
    window: Window,
) -> Result<Page<Dossier>, AppError> {
    let school = records::school_place(conn, school_code)?.map(|(code, province_code)| School {
        code,
        province_code,
    });
    let school = staff.scope().admit(
        school,
        AppError::not_found(
            "school_not_found",
            Text::new("没有找到这所学校。", "No such school within your scope."),
        ),
    )?;
    let (rows, total) = records::search_school(conn, &school.code, filter, window)?;
    let items = annotate(conn, rows)?;
    Ok(window.page_of(items, total))
}

/// One record within the caller's scope.
pub fn get(conn: &mut DbConnection, staff: &StaffUser, id: &str) -> Result<Dossier, AppError> {
    let record = enrollment_in_scope(conn, staff, id)?;
    annotate_one(conn, record)
}

fn reload(conn: &mut DbConnection, id: &str) -> Result<Dossier, AppError> {
    let record = records::enrollment(conn, id)?.ok_or_else(enrollment_not_found)?;
    annotate_one(conn, record)
}

/// The outcome of a qualification check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckResult {
    /// The qualification holds: the flag is cleared.
    Confirmed,
    /// It does not: the record is revoked with the note as the reason.
    Rejected,
}

/// Resolves the 资格待查 flag of a record of the caller's school.
pub fn qualification_check(
    conn: &mut DbConnection,
    ctx: &Ctx,
    staff: &StaffUser,
    id: &str,
    result: CheckResult,
    raw_note: Option<&str>,
) -> Result<Dossier, AppError> {
    write_transaction(conn, |conn| {
        let record = enrollment_in_scope(conn, staff, id)?;
        ensure_not_revoked(&record)?;
        if !record.qualification_pending {
            return Err(AppError::conflict(
                "qualification_not_pending",
                Text::new(
                    "这条学籍没有“资格待查”标记，无需清查。",
                    "This record has no pending qualification to check.",
                ),
            ));
        }
        let note = match result {
            CheckResult::Confirmed => reason::optional(raw_note, "note"),
            CheckResult::Rejected => reason::required(raw_note, "note").map(Some),
        }
        .map_err(|e| AppError::validation(vec![e]))?;
        let now = ctx.ts();
        let (action, after) = match result {
            CheckResult::Confirmed => {
                records::clear_qualification_pending(conn, &record.id, now)?;
                (
                    "enrollment.qualification_confirmed",
                    json!({"qualification_pending": false}),
                )
            }
            CheckResult::Rejected => {
                let why = note.as_deref().unwrap_or_default();
                records::revoke(conn, &record.id, why, None, now)?;
                (
                    "enrollment.qualification_rejected",
                    json!({"qualification_pending": false, "status": records::REVOKED}),
                )
            }
        };
        let event = Event {
            before: Some(json!({"qualification_pending": true, "status": record.status.as_str()})),
            after: Some(after),
            reason: note.as_deref(),
            ..Event::by_staff(staff, ctx, action, "enrollment", &record.id)
        };
        audit::record(conn, &ctx.audit_key, now, event)?;
        reload(conn, &record.id)
    })
}

/// Revokes a duplicate record of the caller's school: status 注销 with the reason and the record
/// it duplicates (which must be another, unrevoked record of the same ID number).
pub fn revoke(
    conn: &mut DbConnection,
    ctx: &Ctx,
    staff: &StaffUser,
    id: &str,
    raw_reason: Option<&str>,
    duplicate_of: Option<&str>,
) -> Result<Dossier, AppError> {
    write_transaction(conn, |conn| {
        let record = enrollment_in_scope(conn, staff, id)?;
        if record.is_revoked() {
            return Err(AppError::conflict(
                "already_revoked",
                Text::new("这条学籍已经注销。", "This record is already revoked."),
            ));
        }
        let mut errors = Vec::new();
        let why = reason::required(raw_reason, "reason")
            .map_err(|e| errors.push(e))
            .ok();
        let duplicate_of = duplicate_of.map(str::trim).filter(|d| !d.is_empty());
        if let Some(other_id) = duplicate_of {
            if let Some(problem) = duplicate_problem(conn, &record, other_id)? {
                errors.push(problem);
            }
        }
        let Some(why) = why.filter(|_| errors.is_empty()) else {
            return Err(AppError::validation(errors));
        };
        let now = ctx.ts();
        records::revoke(conn, &record.id, &why, duplicate_of, now)?;
        let event = Event {
            before: Some(
                json!({"status": record.status.as_str(), "qualification_pending": record.qualification_pending}),
            ),
            after: Some(json!({"status": records::REVOKED, "duplicate_of": duplicate_of})),
            reason: Some(&why),
            ..Event::by_staff(staff, ctx, "enrollment.revoked", "enrollment", &record.id)
        };
        audit::record(conn, &ctx.audit_key, now, event)?;
        reload(conn, &record.id)
    })
}

/// Why `other_id` cannot be the record that `record` duplicates, if it cannot.
fn duplicate_problem(
    conn: &mut DbConnection,
    record: &Enrollment,
    other_id: &str,
) -> Result<Option<FieldError>, AppError> {
    let problem = |code: &'static str, zh: &'static str, en: &'static str| {
        Some(FieldError::new("duplicate_of", code, Text::new(zh, en)))
    };
    if other_id == record.id {
        return Ok(problem(
            "duplicate_of_itself",
            "不能注明与自身重复。",
            "A record cannot duplicate itself.",
        ));
    }
    // Another person's record at another school is outside the school's sight: answered as if
    // it did not exist, so `duplicate_of` cannot be used to learn what other schools hold.
    let other = records::enrollment(conn, other_id)?
        .filter(|o| o.id_number == record.id_number || o.school_code == record.school_code);
    Ok(match other {
        None => problem(
            "duplicate_not_found",
            "没有找到被重复的那条学籍。",
            "No record has this id.",
        ),
        Some(o) if o.id_number != record.id_number => problem(
            "duplicate_of_other_person",
            "被重复的学籍属于另一个身份证号，不是同一个人。",
            "That record belongs to another ID number.",
        ),
        Some(o) if o.is_revoked() => problem(
            "duplicate_revoked",
            "被重复的学籍也已注销，请选择保留的那条学籍。",
            "That record is revoked too; name the record that stays.",
        ),
        Some(_) => None,
    })
}
