//! Change requests: a school proposes a correction of one of its records, a reviewer of the
//! school's province approves it (applied at once, in the same transaction as its audit event)
//! or rejects it with a reason. The record is unchanged until approval.

use std::collections::HashMap;

use serde_json::json;

use super::fields::{self, FieldChange, Snapshot};
use super::store::{self, ChangeRequest, Filter};
use crate::audit::{self, Event};
use crate::auth::StaffUser;
use crate::context::Ctx;
use crate::db::{write_transaction, DbConnection};
use crate::error::{is_unique_violation, AppError, FieldError, Text};
use crate::http::pagination::{Page, Window};
use crate::records::enrollment::{Enrollment, EnrollmentDraft};
use crate::records::store as records;
use crate::rules::reason;

/// The states of a request.
pub const PENDING: &str = "pending";
pub const APPROVED: &str = "approved";
pub const REJECTED: &str = "rejected";
/// Closed because the record changed after the request was made; the school files it anew.
pub const STALE: &str = "stale";
pub const WITHDRAWN: &str = "withdrawn";

/// 404 for a record that does not exist or lies outside the caller's scope.
pub fn enrollment_not_found() -> AppError {
    AppError::not_found(
        "enrollment_not_found",
        Text::new("没有找到这条学籍记录。", "No such enrollment record."),
    )
}

fn request_not_found() -> AppError {
    AppError::not_found(
        "change_request_not_found",
        Text::new("没有找到这条更正申请。", "No such change request."),
    )
}

/// The record, if it lies within the staff member's scope.
pub fn enrollment_in_scope(
    conn: &mut DbConnection,
    staff: &StaffUser,
    id: &str,
) -> Result<Enrollment, AppError> {
    staff
        .scope()
        .admit(records::enrollment(conn, id)?, enrollment_not_found())
}

fn request_in_scope(
    conn: &mut DbConnection,
    staff: &StaffUser,
    id: &str,
) -> Result<ChangeRequest, AppError> {
    staff
        .scope()
        .admit(store::get(conn, id)?, request_not_found())
}

/// 409 for a record that is revoked (注销).
pub fn ensure_not_revoked(e: &Enrollment) -> Result<(), AppError> {
    if e.is_revoked() {
        return Err(AppError::conflict(
            "enrollment_revoked",
            Text::new(
                "这条学籍已注销，不能再更改。",
                "This record is revoked and can no longer change.",
            ),
        ));
    }
    Ok(())
}

fn parse_snapshot(json: &str) -> Result<Snapshot, AppError> {
    serde_json::from_str(json).map_err(AppError::internal)
}

fn to_json(s: &Snapshot) -> String {
    serde_json::to_string(s).expect("a map of strings serialises")
}

/// The checked record after `changes`, or every broken rule as a field error under `changes.`.
fn check(
    conn: &mut DbConnection,
    ctx: &Ctx,
    record: &Enrollment,
    before: &Snapshot,
    changes: &Snapshot,
) -> Result<EnrollmentDraft, AppError> {
    let merged = fields::apply(before, changes);
    let reference = records::reference(conn, ctx.now.date_naive())?;
    let get = |field: &'static str| merged.get(field).map_or("", String::as_str);
    let mut errors = Vec::new();
    let checked = match EnrollmentDraft::parse(&get, &reference) {
        Ok(draft) => Some(draft),
        Err(problems) => {
            errors.extend(problems.into_iter().map(|e| {
                FieldError::new(
                    format!("changes.{}", e.field),
                    "invalid_value",
                    Text::new(e.reason.clone(), e.reason),
                )
            }));
            None
        }
    };
    if let Some(no) = changes.get("student_no") {
        if records::student_no_taken(conn, &record.school_code, no, &record.id)? {
            errors.push(FieldError::new(
                "changes.student_no",
                "student_no_taken",
                Text::new(
                    format!("本校已有学号为 {no} 的另一条学籍。"),
                    format!("Another record of this school has student number {no}."),
                ),
            ));
        }
    }
    match checked {
        Some(row) if errors.is_empty() => Ok(row),
        _ => Err(AppError::validation(errors)),
    }
}

/// A school admin proposes `raw_changes` to a record of their school, with a reason.
pub fn propose(
    conn: &mut DbConnection,
    ctx: &Ctx,
    staff: &StaffUser,
    enrollment_id: &str,
    raw_changes: &serde_json::Map<String, serde_json::Value>,
    raw_reason: Option<&str>,
) -> Result<ChangeRequest, AppError> {
    write_transaction(conn, |conn| {
        let record = enrollment_in_scope(conn, staff, enrollment_id)?;
        ensure_not_revoked(&record)?;
        if store::pending_of(conn, &record.id)?.is_some() {
            return Err(pending_exists());
        }
        // Every problem at once: the reason, unreadable changes, and what the rules say of the rest.
        let mut errors = Vec::new();
        let reason = reason::required(raw_reason, "reason")
            .map_err(|e| errors.push(e))
            .ok();
        let changes = fields::read_changes(raw_changes)
            .map_err(|e| errors.extend(e))
            .ok();
        let before = record.snapshot();
        let checked = match &changes {
            Some(changes) => check(conn, ctx, &record, &before, changes)
                .map_err(|e| errors.extend(e.field_errors().iter().cloned()))
                .ok(),
            None => None,
        };
        let (Some(reason), Some(changes), Some(checked)) = (reason, changes, checked) else {
            return Err(AppError::validation(errors));
        };
        let effective = fields::effective(&before, &changes, &checked.snapshot());
        if effective.is_empty() {
            return Err(AppError::validation(vec![FieldError::new(
                "changes",
                "no_changes",
                Text::new(
                    "没有需要更正的内容：新值与记录现有的值相同。",
                    "Nothing to correct: the new values equal the record's.",
                ),
            )]));
        }
        let request = ChangeRequest {
            id: uuid::Uuid::new_v4().to_string(),
            enrollment_id: record.id.clone(),
            school_code: record.school_code.clone(),
            province_code: record.province_code.clone(),
            changes: to_json(&effective),
            before_state: to_json(&before),
            reason,
            status: PENDING.into(),
            requested_by: staff.staff_id.clone(),
            created_at: ctx.ts(),
            decided_by: None,
            decided_at: None,
            decision_reason: None,
        };
        store::insert(conn, &request).map_err(|e| {
            if is_unique_violation(&e) {
                pending_exists()
            } else {
                e.into()
            }
        })?;
        audit_changes(
            conn,
            ctx,
            staff,
            "change_request.created",
            &request,
            &before,
            &effective,
        )?;
        Ok(request)
    })
}

fn pending_exists() -> AppError {
    AppError::conflict(
        "change_request_pending",
        Text::new(
            "这条学籍已有一份待审核的更正申请，请等待审核结果或撤回后再提交。",
            "This record already has a pending change request.",
        ),
    )
}

fn not_pending(r: &ChangeRequest) -> AppError {
    AppError::conflict(
        "change_request_closed",
        Text::new(
            format!(
                "这份申请已处理（{}），不能再操作。",
                status_label(&r.status)
            ),
            format!("This request is already closed ({}).", r.status),
        ),
    )
}

/// The answer when a concurrent decision closed the request after this one read it as pending:
/// "closed", with the status it has now.
fn closed_meanwhile(conn: &mut DbConnection, id: &str) -> AppError {
    match store::get(conn, id) {
        Ok(Some(now)) => not_pending(&now),
        Ok(None) => request_not_found(),
        Err(e) => e.into(),
    }
}

fn status_label(status: &str) -> &'static str {
    match status {
        PENDING => "待审核",
        APPROVED => "已通过",
        REJECTED => "已驳回",
        STALE => "已失效",
        _ => "已撤回",
    }
}

/// Audits `action` on the request's record: the changed fields before and after, with the
/// request's reason.
fn audit_changes(
    conn: &mut DbConnection,
    ctx: &Ctx,
    staff: &StaffUser,
    action: &str,
    request: &ChangeRequest,
    before: &Snapshot,
    changes: &Snapshot,
) -> Result<(), AppError> {
    let at = ctx.ts();
    Ok(audit::record(
        conn,
        &ctx.audit_key,
        at,
        Event {
            before: Some(json!(before_of(before, changes))),
            after: Some(json!({"change_request_id": request.id, "changes": changes})),
            reason: Some(&request.reason),
            ..Event::by_staff(staff, ctx, action, "enrollment", &request.enrollment_id)
        },
    )?)
}

/// The values of the changed fields before the change.
fn before_of(before: &Snapshot, changes: &Snapshot) -> Snapshot {
    changes
        .keys()
        .filter_map(|k| Some((k.clone(), before.get(k)?.clone())))
        .collect()
}

/// What an approval came to.
pub enum Approval {
    /// Applied to the record.
    Applied(ChangeRequest),
    /// The record changed after the request was made: the request is closed as stale.
    Stale,
}

/// A reviewer approves a pending request of their province: the record takes the changes, in one
/// transaction with the request's new state and the audit event. If the record changed since the
/// request was made, nothing is applied and the request is closed as stale.
pub fn approve(
    conn: &mut DbConnection,
    ctx: &Ctx,
    staff: &StaffUser,
    id: &str,
) -> Result<ChangeRequest, AppError> {
    let outcome = write_transaction(conn, |conn| -> Result<Approval, AppError> {
        let request = request_in_scope(conn, staff, id)?;
        if request.status != PENDING {
            return Err(not_pending(&request));
        }
        let record =
            records::enrollment(conn, &request.enrollment_id)?.ok_or_else(enrollment_not_found)?;
        let before = parse_snapshot(&request.before_state)?;
        let now = ctx.ts();
        if record.snapshot() != before {
            let why = "申请提交后学籍记录已被改动，请学校按最新记录重新提交。";
            // The record may have changed because a concurrent approval of this very request
            // won: then it is closed already, and saying "stale" (with an audit event) would lie.
            if !store::decide(conn, &request.id, STALE, &staff.staff_id, now, Some(why))? {
                return Err(closed_meanwhile(conn, &request.id));
            }
            audit::record(
                conn,
                &ctx.audit_key,
                now,
                Event {
                    after: Some(json!({"change_request_id": request.id, "status": STALE})),
                    reason: Some(why),
                    ..Event::by_staff(staff, ctx, "change_request.stale", "enrollment", &record.id)
                },
            )?;
            return Ok(Approval::Stale);
        }
        let changes = parse_snapshot(&request.changes)?;
        let checked = check(conn, ctx, &record, &before, &changes).map_err(|e| {
            // The rules held when the school asked; what breaks them now (a student number
            // taken since) is a conflict with the present, not the reviewer's input.
            AppError::conflict(
                "change_request_invalid",
                Text::new(
                    "按现在的数据这份更正已不成立（例如学号已被占用），请驳回并让学校重新提交。",
                    "The correction no longer holds against the current data; reject it.",
                ),
            )
            .with_cause(anyhow::anyhow!("{e}"))
        })?;
        records::update_fields(conn, &record.id, &checked, now).map_err(|e| {
            if is_unique_violation(&e) {
                AppError::conflict(
                    "student_no_taken",
                    Text::new(
                        "本校已有这个学号的另一条学籍。",
                        "The student number is taken.",
                    ),
                )
            } else {
                e.into()
            }
        })?;
        if !store::decide(conn, &request.id, APPROVED, &staff.staff_id, now, None)? {
            return Err(closed_meanwhile(conn, &request.id));
        }
        audit_changes(
            conn,
            ctx,
            staff,
            "change_request.approved",
            &request,
            &before,
            &changes,
        )?;
        Ok(Approval::Applied(
            store::get(conn, &request.id)?.ok_or_else(request_not_found)?,
        ))
    })?;
    match outcome {
        Approval::Applied(r) => Ok(r),
        Approval::Stale => Err(AppError::conflict(
            "change_request_stale",
            Text::new(
                "申请提交后这条学籍已被改动，不能再按原申请更正；申请已失效，请学校按最新记录重新提交。",
                "The record changed after the request was made; the request is closed and must be made again.",
            ),
        )),
    }
}

/// How a pending request is closed without being approved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closing {
    /// A reviewer rejects a pending request of their province, with a reason the school sees.
    Reject,
    /// The school withdraws its own pending request (the reason is optional).
    Withdraw,
}

/// Closes a pending request in the caller's scope as `closing` says.
pub fn close(
    conn: &mut DbConnection,
    ctx: &Ctx,
    staff: &StaffUser,
    id: &str,
    closing: Closing,
    raw_reason: Option<&str>,
) -> Result<ChangeRequest, AppError> {
    let (status, reason_required) = match closing {
        Closing::Reject => (REJECTED, true),
        Closing::Withdraw => (WITHDRAWN, false),
    };
    write_transaction(conn, |conn| {
        let request = request_in_scope(conn, staff, id)?;
        if request.status != PENDING {
            return Err(not_pending(&request));
        }
        let reason = if reason_required {
            Some(reason::required(raw_reason, "reason"))
        } else {
            reason::optional(raw_reason, "reason").transpose()
        }
        .transpose()
        .map_err(|e| AppError::validation(vec![e]))?;
        let now = ctx.ts();
        if !store::decide(
            conn,
            &request.id,
            status,
            &staff.staff_id,
            now,
            reason.as_deref(),
        )? {
            return Err(closed_meanwhile(conn, &request.id));
        }
        let action = format!("change_request.{status}");
        audit::record(
            conn,
            &ctx.audit_key,
            now,
            Event {
                after: Some(json!({"change_request_id": request.id, "status": status})),
                reason: reason.as_deref(),
                ..Event::by_staff(staff, ctx, &action, "enrollment", &request.enrollment_id)
            },
        )?;
        Ok(store::get(conn, &request.id)?.ok_or_else(request_not_found)?)
    })
}

/// A request with what a reader needs beside it: the diff, who asked and decided, the record's
/// current name and number, and whether the record changed since (for pending ones).
#[derive(Debug, Clone)]
pub struct Described {
    pub request: ChangeRequest,
    pub diff: Vec<FieldChange>,
    pub school_name: String,
    pub student_name: String,
    pub student_no: String,
    pub requested_by_email: String,
    pub decided_by_email: Option<String>,
    /// The record no longer equals its state when the request was made.
    pub stale: bool,
}

/// Describes `requests` for reading.
pub fn describe(
    conn: &mut DbConnection,
    requests: Vec<ChangeRequest>,
) -> Result<Vec<Described>, AppError> {
    let staff_ids: Vec<String> = requests
        .iter()
        .flat_map(|r| std::iter::once(r.requested_by.clone()).chain(r.decided_by.clone()))
        .collect();
    let emails = store::staff_emails(conn, &staff_ids)?;
    let mut out = Vec::with_capacity(requests.len());
    let mut schools: HashMap<String, String> = HashMap::new();
    for request in requests {
        let before = parse_snapshot(&request.before_state)?;
        let changes = parse_snapshot(&request.changes)?;
        let record =
            records::enrollment(conn, &request.enrollment_id)?.ok_or_else(enrollment_not_found)?;
        let stale = request.status == PENDING && record.snapshot() != before;
        schools.insert(record.school_code.clone(), record.school_name.clone());
        out.push(Described {
            diff: fields::diff(&before, &changes),
            school_name: record.school_name,
            student_name: record.fields.name,
            student_no: record.fields.student_no,
            requested_by_email: emails
                .get(&request.requested_by)
                .cloned()
                .unwrap_or_default(),
            decided_by_email: request
                .decided_by
                .as_ref()
                .and_then(|d| emails.get(d).cloned()),
            stale,
            request,
        });
    }
    Ok(out)
}

/// One request, if within the caller's scope.
pub fn get(
    conn: &mut DbConnection,
    staff: &StaffUser,
    id: &str,
) -> Result<ChangeRequest, AppError> {
    request_in_scope(conn, staff, id)
}

/// The requests within the caller's scope: a school admin's school, a reviewer's province.
pub fn list(
    conn: &mut DbConnection,
    staff: &StaffUser,
    status: Option<String>,
    enrollment_id: Option<String>,
    window: Window,
) -> Result<Page<Described>, AppError> {
    let mut filter = Filter {
        status,
        enrollment_id,
        ..Default::default()
    };
    match staff.scope() {
        crate::auth::Scope::School(s) => filter.school_code = Some(s),
        crate::auth::Scope::Province(p) => filter.province_code = Some(p),
        crate::auth::Scope::Nationwide => {}
    }
    let (items, total) = store::list(conn, &filter, window)?;
    Ok(window.page_of(describe(conn, items)?, total))
}
