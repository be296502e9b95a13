//! HTTP handlers of change requests.

use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use validator::{Validate, ValidationError};

use super::fields::FieldChange;
use super::service::{self, Closing, Described};
use super::store::ChangeRequest;
use crate::audit::reads::Read;
use crate::auth::authorize::{CorrectionParties, Reviewers, SchoolAdmins};
use crate::auth::{Authorized, StaffUser};
use crate::context::Ctx;
use crate::db::{utc, write_transaction, DbConnection};
use crate::error::{AppError, Problem, Text};
use crate::http::meta::RequestMeta;
use crate::http::pagination::{Page, Window};
use crate::state::AppState;
use crate::validation::{broken, valid};

/// Mounts the change-request routes (under `/api/v1`).
pub fn register_routes(cfg: &mut ServiceConfig) {
    cfg.service(propose)
        .service(list)
        .service(get_one)
        .service(approve)
        .service(reject)
        .service(withdraw);
}

/// Where a change request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeRequestStatus {
    /// Waiting for the provincial reviewer.
    Pending,
    /// Applied to the record.
    Approved,
    /// Refused, with the reviewer's reason.
    Rejected,
    /// Closed because the record changed after the request was made; file a new one.
    Stale,
    /// Taken back by the school.
    Withdrawn,
}

impl ChangeRequestStatus {
    fn as_str(self) -> &'static str {
        match self {
            Self::Pending => service::PENDING,
            Self::Approved => service::APPROVED,
            Self::Rejected => service::REJECTED,
            Self::Stale => service::STALE,
            Self::Withdrawn => service::WITHDRAWN,
        }
    }

    fn parse(s: &str) -> Result<Self, AppError> {
        [
            Self::Pending,
            Self::Approved,
            Self::Rejected,
            Self::Stale,
            Self::Withdrawn,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("unknown stored status {s}")))
    }
}

/// A proposed correction of an enrollment record.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"changes": {"name": "王小明", "major": "软件工程"}, "reason": "学生姓名录入时错写为“王晓明”，依据身份证更正。"}))]
pub struct ProposeRequest {
    /// Field → new value (text; dates as `YYYY-MM-DD`). Editable: `student_no`, `name`, `id_number`, `sex`,
    /// `birth_date`, `ethnicity`, `major`, `level`, `study_form`, `entry_date`, `expected_graduation`, `status`
    /// (not 注销: use the revocation).
    #[schema(value_type = Option<std::collections::HashMap<String, String>>)]
    #[validate(custom(function = "few_changes"))]
    pub changes: Option<serde_json::Map<String, serde_json::Value>>,
    /// Why the record is wrong (required, at most 500 characters).
    pub reason: Option<String>,
}

/// At most [`MAX_CHANGES`] fields in one proposal (there are fewer editable ones).
fn few_changes(
    changes: &serde_json::Map<String, serde_json::Value>,
) -> Result<(), ValidationError> {
    if changes.len() > MAX_CHANGES {
        return Err(broken(
            "too_many_changes",
            Text::new(
                format!("一次最多更正 {MAX_CHANGES} 个字段。"),
                format!("At most {MAX_CHANGES} fields per request."),
            ),
        ));
    }
    Ok(())
}

/// More fields than a record has are refused before each is read.
const MAX_CHANGES: usize = 50;

/// A reason for a decision.
#[derive(Debug, Default, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"reason": "请提供学生身份证复印件后重新提交。"}))]
pub struct ReasonBody {
    /// At most 500 characters.
    pub reason: Option<String>,
}

/// A change request with its field-by-field diff.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "9a7c…", "enrollment_id": "6c1d…", "school_code": "10001", "school_name": "北京大学", "student_name": "王晓明", "student_no": "2301110001", "status": "pending", "reason": "姓名录入错误，依据身份证更正。", "changes": [{"field": "name", "before": "王晓明", "after": "王小明"}], "stale": false, "requested_by": "school@xuexin.example", "created_at": "2026-11-29T08:00:00Z", "decided_by": null, "decided_at": null, "decision_reason": null}))]
pub struct ChangeRequestView {
    pub id: String,
    pub enrollment_id: String,
    pub school_code: String,
    pub school_name: String,
    /// The record's name now (before approval: the old one).
    pub student_name: String,
    pub student_no: String,
    pub status: ChangeRequestStatus,
    pub reason: String,
    /// Each changed field, as the record was when the request was made and as it would be.
    pub changes: Vec<FieldChange>,
    /// A pending request whose record changed since it was made: approving it will be refused.
    pub stale: bool,
    /// The email of the school admin who asked.
    pub requested_by: String,
    pub created_at: DateTime<Utc>,
    /// The email of the reviewer who decided (or the school admin who withdrew).
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    /// The reason of a rejection or withdrawal, or why the request went stale.
    pub decision_reason: Option<String>,
}

impl ChangeRequestView {
    fn of(d: Described) -> Result<Self, AppError> {
        let r = d.request;
        Ok(Self {
            status: ChangeRequestStatus::parse(&r.status)?,
            id: r.id,
            enrollment_id: r.enrollment_id,
            school_code: r.school_code,
            school_name: d.school_name,
            student_name: d.student_name,
            student_no: d.student_no,
            reason: r.reason,
            changes: d.diff,
            stale: d.stale,
            requested_by: d.requested_by_email,
            created_at: utc(r.created_at),
            decided_by: d.decided_by_email,
            decided_at: r.decided_at.map(utc),
            decision_reason: r.decision_reason,
        })
    }
}

/// Audits that `staff` was shown, for `purpose`, the full ID numbers in `described`: a request
/// that corrects an ID number carries the old and the new one (one event per record).
fn shown(
    conn: &mut DbConnection,
    ctx: &Ctx,
    staff: &StaffUser,
    purpose: &str,
    described: &[Described],
) -> Result<(), AppError> {
    let reads: Vec<Read> = described
        .iter()
        .filter(|d| d.diff.iter().any(|c| c.field == "id_number"))
        .map(|d| Read {
            target_type: "enrollment",
            target_id: d.request.enrollment_id.clone(),
            fields: vec![crate::audit::reads::ID_NUMBER],
        })
        .collect();
    crate::audit::reads::record(conn, ctx, staff, purpose, None, &reads)
}

/// Runs `f` (which yields a request) and describes its result, in one trip to the database; a
/// full ID number in it is audited as read by `staff` for `purpose`.
async fn described(
    state: &AppState,
    meta: RequestMeta,
    staff: StaffUser,
    purpose: &'static str,
    f: impl FnOnce(&mut DbConnection, &Ctx, &StaffUser) -> Result<ChangeRequest, AppError>
        + Send
        + 'static,
) -> Result<ChangeRequestView, AppError> {
    let ctx = state.ctx(meta);
    let described = state
        .db
        .run(move |conn| {
            // Not inside the same transaction as `f`: a decision may commit (closing a stale
            // request) and still answer an error, which an outer transaction would undo.
            let request = f(conn, &ctx, &staff)?;
            write_transaction(conn, |conn| {
                let described = service::describe(conn, vec![request])?;
                shown(conn, &ctx, &staff, purpose, &described)?;
                Ok(described.into_iter().next().expect("one request described"))
            })
        })
        .await?;
    ChangeRequestView::of(described)
}

/// Closes the request as `closing` says with the reason in the body (the closing reads the
/// reason by its own rules) and answers it.
async fn closed(
    state: &AppState,
    meta: RequestMeta,
    staff: StaffUser,
    id: web::Path<String>,
    body: web::Json<ReasonBody>,
    closing: Closing,
) -> Result<HttpResponse, AppError> {
    let purpose = match closing {
        Closing::Reject => "change_request_rejection",
        Closing::Withdraw => "change_request_withdrawal",
    };
    let reason = valid(body.into_inner())?.reason;
    let view = described(state, meta, staff, purpose, move |conn, ctx, staff| {
        service::close(conn, ctx, staff, &id, closing, reason.as_deref())
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Proposes a correction.
#[utoipa::path(
    tag = "corrections",
    operation_id = "propose_change",
    summary = "Propose a correction of an enrollment record",
    description = "A school admin proposes new values for fields of one of their school's records, with a reason. \
The record does not change: the request waits for a provincial reviewer of the school's province. Values are \
checked with the rules of an import (a new ID number must agree with the birth date and sex, or correct those \
too); values equal to the record's are dropped. One pending request per record.",
    security(("staff" = [])),
    params(("id" = String, Path, description = "The enrollment record.")),
    request_body = ProposeRequest,
    responses(
        (status = 201, description = "The pending request.", body = ChangeRequestView),
        (status = 403, description = "`outside_role`: school admins only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`enrollment_not_found`: no such record in your school.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`change_request_pending` (one at a time) or `enrollment_revoked`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `reason` missing, or a field under `changes.` not editable, not valid, or nothing changes (`no_changes`).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/enrollments/{id}/change-requests")]
pub async fn propose(
    state: web::Data<AppState>,
    meta: RequestMeta,
    staff: Authorized<SchoolAdmins>,
    id: web::Path<String>,
    body: web::Json<ProposeRequest>,
) -> Result<HttpResponse, AppError> {
    let ProposeRequest { changes, reason } = valid(body.into_inner())?;
    let view = described(
        &state,
        meta,
        staff.staff,
        "change_request_proposal",
        move |conn, ctx, staff| {
            service::propose(
                conn,
                ctx,
                staff,
                &id,
                &changes.unwrap_or_default(),
                reason.as_deref(),
            )
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Filters of the change requests.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct ChangeRequestQuery {
    /// Only requests in this state (`pending` for the reviewer's queue).
    pub status: Option<ChangeRequestStatus>,
    /// Only the requests of this enrollment record.
    #[validate(length(
        max = 64,
        code = "enrollment_id_too_long",
        message = "记录编号最多 64 个字符。|At most 64 characters."
    ))]
    pub enrollment_id: Option<String>,
    /// Page number, from 1.
    pub page: Option<u32>,
    /// Requests per page, 1–100 (default 20).
    pub per_page: Option<u32>,
}

/// Lists change requests.
#[utoipa::path(
    tag = "corrections",
    operation_id = "list_change_requests",
    summary = "List change requests",
    description = "For a provincial reviewer, the requests of their province's schools (`?status=pending` is their \
queue, oldest first); for a school admin, their school's requests with each outcome (newest first).",
    security(("staff" = [])),
    params(ChangeRequestQuery),
    responses(
        (status = 200, description = "One page of requests.", body = Page<ChangeRequestView>,
            example = json!({"items": [{"id": "9a7c…", "enrollment_id": "6c1d…", "school_code": "10001", "school_name": "北京大学", "student_name": "王晓明", "student_no": "2301110001", "status": "pending", "reason": "姓名录入错误，依据身份证更正。", "changes": [{"field": "name", "before": "王晓明", "after": "王小明"}], "stale": false, "requested_by": "school@xuexin.example", "created_at": "2026-11-29T08:00:00Z", "decided_by": null, "decided_at": null, "decision_reason": null}], "total": 1, "page": 1, "per_page": 20})),
        (status = 403, description = "`outside_role`: school admins and provincial reviewers only.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `page` or `per_page` out of range.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/change-requests")]
pub async fn list(
    state: web::Data<AppState>,
    meta: RequestMeta,
    staff: Authorized<CorrectionParties>,
    query: web::Query<ChangeRequestQuery>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let q = valid(query.into_inner())?;
    let window = Window::parse(q.page, q.per_page)?;
    let status = q.status.map(|s| s.as_str().to_owned());
    let page = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let page = service::list(conn, &staff, status, q.enrollment_id, window)?;
                shown(conn, &ctx, &staff, "change_request_list", &page.items)?;
                Ok(page)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page.try_map(ChangeRequestView::of)?))
}

/// Declares a handler of one change request that only calls its use-case with the caller and
/// the request's id, answering as [`described`] does; each keeps its own doc comment and contract.
macro_rules! request_handler {
    (
        $(#[$attr:meta])*
        fn $name:ident(Authorized<$policy:ty>, $purpose:literal) =
            |$conn:ident, $ctx:pat_param, $staff:ident, $id:ident| $call:expr;
    ) => {
        $(#[$attr])*
        pub async fn $name(
            state: web::Data<AppState>,
            meta: RequestMeta,
            staff: Authorized<$policy>,
            id: web::Path<String>,
        ) -> Result<HttpResponse, AppError> {
            let view = described(&state, meta, staff.staff, $purpose, move |$conn, $ctx, $staff| {
                let $id = id.as_str();
                $call
            })
            .await?;
            Ok(HttpResponse::Ok().json(view))
        }
    };
}

request_handler! {
    /// One change request.
    #[utoipa::path(
        tag = "corrections",
        operation_id = "get_change_request",
        summary = "Read a change request",
        description = "The request with its field-by-field diff, for the school that made it and the reviewers of its province.",
        security(("staff" = [])),
        params(("id" = String, Path, description = "The change request.")),
        responses(
            (status = 200, description = "The request.", body = ChangeRequestView),
            (status = 403, description = "`outside_role`.", body = Problem, content_type = "application/problem+json"),
            (status = 404, description = "`change_request_not_found`: none such within your scope.", body = Problem, content_type = "application/problem+json"),
        )
    )]
    #[get("/change-requests/{id}")]
    fn get_one(Authorized<CorrectionParties>, "change_request_detail") =
        |conn, _, staff, id| service::get(conn, staff, id);
}

request_handler! {
    /// Approves a change request.
    #[utoipa::path(
        tag = "corrections",
        operation_id = "approve_change",
        summary = "Approve a change request",
        description = "Applies the changes to the record, in one transaction with the request's new state and its audit \
event. A change of name or ID number links the record to the matching student account at once. If the record \
changed after the request was made, nothing is applied: 409 `change_request_stale`, and the request is closed as \
`stale` so the school files it again against the current record.",
        security(("staff" = [])),
        params(("id" = String, Path, description = "The change request.")),
        responses(
            (status = 200, description = "Approved and applied.", body = ChangeRequestView),
            (status = 403, description = "`outside_role`: provincial reviewers only.", body = Problem, content_type = "application/problem+json"),
            (status = 404, description = "`change_request_not_found`: none such in your province.", body = Problem, content_type = "application/problem+json"),
            (status = 409, description = "`change_request_stale`, `change_request_closed` (already decided), `change_request_invalid` or `student_no_taken` (no longer holds against current data).", body = Problem, content_type = "application/problem+json"),
        )
    )]
    #[post("/change-requests/{id}/approve")]
    fn approve(Authorized<Reviewers>, "change_request_approval") =
        |conn, ctx, staff, id| service::approve(conn, ctx, staff, id);
}

/// Rejects a change request.
#[utoipa::path(
    tag = "corrections",
    operation_id = "reject_change",
    summary = "Reject a change request",
    description = "Closes the request without changing the record; the reason is shown to the school.",
    security(("staff" = [])),
    params(("id" = String, Path, description = "The change request.")),
    request_body = ReasonBody,
    responses(
        (status = 200, description = "Rejected.", body = ChangeRequestView),
        (status = 403, description = "`outside_role`: provincial reviewers only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`change_request_not_found`: none such in your province.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`change_request_closed`: already decided.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `reason` missing or too long.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/change-requests/{id}/reject")]
pub async fn reject(
    state: web::Data<AppState>,
    meta: RequestMeta,
    staff: Authorized<Reviewers>,
    id: web::Path<String>,
    body: web::Json<ReasonBody>,
) -> Result<HttpResponse, AppError> {
    closed(&state, meta, staff.staff, id, body, Closing::Reject).await
}

/// Withdraws a change request.
#[utoipa::path(
    tag = "corrections",
    operation_id = "withdraw_change",
    summary = "Withdraw a change request",
    description = "The school takes back its own pending request (for example to file a better one); the reason is optional.",
    security(("staff" = [])),
    params(("id" = String, Path, description = "The change request.")),
    request_body = ReasonBody,
    responses(
        (status = 200, description = "Withdrawn.", body = ChangeRequestView),
        (status = 403, description = "`outside_role`: school admins only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`change_request_not_found`: none such of your school.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`change_request_closed`: already decided.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/change-requests/{id}/withdraw")]
pub async fn withdraw(
    state: web::Data<AppState>,
    meta: RequestMeta,
    staff: Authorized<SchoolAdmins>,
    id: web::Path<String>,
    body: web::Json<ReasonBody>,
) -> Result<HttpResponse, AppError> {
    closed(&state, meta, staff.staff, id, body, Closing::Withdraw).await
}
