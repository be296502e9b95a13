//! Students' reports about photos (校对): "this photo is me", "none of these is me", "the photo
//! on my record is not me". Each reaches the image-collation queue of the record's school, which
//! resolves or rejects it.

use chrono::NaiveDateTime;
use diesel::QueryResult;
use serde_json::json;

use super::service::{self, image_not_found};
pub use super::store::CollationRequest;
use super::store::{self, ImageRecord};
use crate::audit::{self, Event};
use crate::auth::StaffUser;
use crate::context::Ctx;
use crate::db::{write_transaction, DbConnection};
use crate::error::{is_unique_violation, AppError, FieldError, Text};
use crate::http::pagination::{Page, Window};
use crate::records::service::my_record;
use crate::rules::reason;

/// What a student reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A candidate photo is theirs.
    ThisIsMe,
    /// None of the candidates is theirs (or there were none).
    NoneOfThese,
    /// The photo on their record is not them.
    WrongPhoto,
}

impl Kind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::ThisIsMe => "this_is_me",
            Kind::NoneOfThese => "none_of_these",
            Kind::WrongPhoto => "wrong_photo",
        }
    }
}

fn request_not_found() -> AppError {
    AppError::not_found(
        "collation_request_not_found",
        Text::new("没有找到这条校对申请。", "No such collation request."),
    )
}

/// Files a report about a record of the student's; `enrollment_id` may be left out when a
/// candidate photo is named (its best-matching record is used).
pub fn file(
    conn: &mut DbConnection,
    ctx: &Ctx,
    account_id: &str,
    kind: Kind,
    enrollment_id: Option<&str>,
    image_record_id: Option<&str>,
    raw_message: Option<&str>,
) -> Result<CollationRequest, AppError> {
    let message =
        reason::optional(raw_message, "message").map_err(|e| AppError::validation(vec![e]))?;
    write_transaction(conn, |conn| {
        let field = |f: &'static str, code: &'static str, zh: &'static str, en: &'static str| {
            AppError::validation(vec![FieldError::new(f, code, Text::new(zh, en))])
        };
        let named_enrollment = || {
            enrollment_id.ok_or_else(|| {
                field(
                    "enrollment_id",
                    "enrollment_required",
                    "请说明是哪一条学籍。",
                    "Name the record.",
                )
            })
        };
        let (enrollment_id, image_id) = match kind {
            Kind::ThisIsMe => {
                let image = image_record_id.ok_or_else(|| {
                    field(
                        "image_record_id",
                        "image_required",
                        "请选择是哪一张照片。",
                        "Name the photo.",
                    )
                })?;
                let candidate = service::my_candidate(conn, account_id, image)?;
                let enrollment = enrollment_id.map_or(candidate.enrollment_id, str::to_owned);
                (enrollment, Some(candidate.record.id))
            }
            Kind::NoneOfThese => (named_enrollment()?.to_owned(), None),
            Kind::WrongPhoto => {
                let e = named_enrollment()?;
                let photo = service::my_photo(conn, account_id, e)?;
                (e.to_owned(), Some(photo.id))
            }
        };
        let record = my_record(conn, account_id, &enrollment_id)?;
        let request = CollationRequest {
            id: uuid::Uuid::new_v4().to_string(),
            account_id: account_id.to_owned(),
            enrollment_id: record.id.clone(),
            school_code: record.school_code.clone(),
            image_record_id: image_id,
            kind: kind.as_str().to_owned(),
            message,
            status: "open".into(),
            created_at: ctx.ts(),
            decided_at: None,
            decided_by: None,
            decision_note: None,
        };
        store::insert_request(conn, &request).map_err(|e| {
            if is_unique_violation(&e) {
                AppError::conflict(
                    "collation_request_open",
                    Text::new(
                        "你已就这条学籍提交过校对申请，学校处理后才能再次提交。",
                        "You already have an open report about this record.",
                    ),
                )
            } else {
                e.into()
            }
        })?;
        audit::record(
            conn,
            &ctx.audit_key,
            ctx.ts(),
            Event {
                actor_id: Some(account_id),
                actor_role: "student",
                action: "collation_request.filed",
                target_type: "enrollment",
                target_id: &record.id,
                after: Some(
                    json!({"collation_request_id": request.id, "kind": request.kind, "image_record_id": request.image_record_id}),
                ),
                reason: request.message.as_deref(),
                request_id: ctx.request_id.as_deref(),
                ..Default::default()
            },
        )?;
        Ok(request)
    })
}

/// The student's reports, newest first.
pub fn mine(conn: &mut DbConnection, account_id: &str) -> Result<Vec<CollationRequest>, AppError> {
    Ok(store::requests_of(conn, account_id)?)
}

/// A report with the student's email, for the school's queue.
#[derive(Debug, Clone)]
pub struct Queued {
    pub request: CollationRequest,
    pub student_email: String,
}

/// The school's queue: its students' reports, oldest first when open.
pub fn queue(
    conn: &mut DbConnection,
    staff: &StaffUser,
    status: Option<&str>,
    window: Window,
) -> Result<Page<Queued>, AppError> {
    let (code, _) = service::school_of(conn, staff)?;
    let (rows, total) = store::queue_of(conn, &code, status, window)?;
    let items = rows
        .into_iter()
        .map(|(request, student_email)| Queued {
            request,
            student_email,
        })
        .collect();
    Ok(window.page_of(items, total))
}

/// The note on reports withdrawn because their student closed the account: the school's queue
/// shows them as closed (`rejected`, decided by nobody) with this note, not as its own decision.
pub const WITHDRAWN_ON_CLOSURE: &str =
    "学生已注销账号，申请自动撤回。The student closed the account; the report was withdrawn.";

/// Closes every open report of the account as withdrawn (its owner closed the account); returns
/// how many. The status vocabulary has no `withdrawn`, so they read `rejected` with
/// [`WITHDRAWN_ON_CLOSURE`] and no deciding staff member.
pub fn withdraw_open_of(
    conn: &mut DbConnection,
    account_id: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    store::withdraw_open_of(conn, account_id, now, WITHDRAWN_ON_CLOSURE)
}

/// The school resolves (`resolved`) or rejects a report of its queue, with a note the student sees.
pub fn decide(
    conn: &mut DbConnection,
    ctx: &Ctx,
    staff: &StaffUser,
    id: &str,
    resolved: bool,
    raw_note: Option<&str>,
) -> Result<CollationRequest, AppError> {
    write_transaction(conn, |conn| {
        let (code, _) = service::school_of(conn, staff)?;
        let request = store::request_of_school(conn, &code, id)?.ok_or_else(request_not_found)?;
        if request.status != "open" {
            return Err(AppError::conflict(
                "collation_request_closed",
                Text::new(
                    "这条校对申请已经处理过了。",
                    "This report is already closed.",
                ),
            ));
        }
        let note = if resolved {
            reason::optional(raw_note, "note")
        } else {
            reason::required(raw_note, "note").map(Some)
        }
        .map_err(|e| AppError::validation(vec![e]))?;
        let status = if resolved { "resolved" } else { "rejected" };
        let now = ctx.ts();
        store::decide_request(
            conn,
            &request.id,
            status,
            &staff.staff_id,
            note.as_deref(),
            now,
        )?;
        let action = format!("collation_request.{status}");
        audit::record(
            conn,
            &ctx.audit_key,
            now,
            Event {
                after: Some(json!({"collation_request_id": request.id, "status": status})),
                reason: note.as_deref(),
                ..Event::by_staff(staff, ctx, &action, "enrollment", &request.enrollment_id)
            },
        )?;
        store::request_of_school(conn, &code, &request.id)?.ok_or_else(request_not_found)
    })
}

/// The image record a report names, if the school still sees it (for the queue's thumbnails).
pub fn image_of(
    conn: &mut DbConnection,
    staff: &StaffUser,
    request: &CollationRequest,
) -> Result<Option<ImageRecord>, AppError> {
    match &request.image_record_id {
        Some(id) => match service::visible(conn, staff, id) {
            Ok(r) => Ok(Some(r)),
            Err(e) if e.code() == image_not_found().code() => Ok(None),
            Err(e) => Err(e),
        },
        None => Ok(None),
    }
}
