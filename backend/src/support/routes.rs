//! HTTP handlers of the support desk.

use actix_web::{get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use validator::Validate;

use super::service::{self, OnAccount, RawLookup, SupportAccount};
use crate::accounts::routes::AccountStatusName;
use crate::auth::authorize::SupportAgents;
use crate::auth::{Authorized, StaffUser};
use crate::context::Ctx;
use crate::db::{utc, write_transaction, DbConnection};
use crate::error::{AppError, Problem};
use crate::http::meta::RequestMeta;
use crate::http::pagination::{Page, Window};
use crate::state::AppState;
use crate::validation::valid;

/// Mounts the support routes (under `/api/v1`).
pub fn register_routes(cfg: &mut ServiceConfig) {
    cfg.service(search_accounts)
        .service(search_accounts_by_body)
        .service(get_account)
        .service(correct_identity)
        .service(detach_identity)
        .service(unlock_account)
        .service(resend_activation);
}

/// A student account as support sees it (in full: support's scope is nationwide).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "5b9e…", "email": "wang.xiaoming@example.cn", "status": "active", "name": "王晓明", "id_number": "11019920050314011X", "phone": "13800138000", "created_at": "2026-09-01T02:00:00Z", "completed_at": "2026-09-01T02:10:00Z", "locked_until": null, "records_found": false}))]
pub struct SupportAccountView {
    pub id: String,
    pub email: String,
    pub status: AccountStatusName,
    /// The real-name name, once entered.
    pub name: Option<String>,
    /// The ID number, once entered.
    pub id_number: Option<String>,
    /// The confirmed mobile number.
    pub phone: Option<String>,
    pub created_at: DateTime<Utc>,
    /// When the registration was completed.
    pub completed_at: Option<DateTime<Utc>>,
    /// Logins are locked after wrong passwords until then.
    pub locked_until: Option<DateTime<Utc>>,
    /// Whether enrollment or degree records carry the account's name and ID number.
    pub records_found: bool,
}

impl From<SupportAccount> for SupportAccountView {
    fn from(s: SupportAccount) -> Self {
        let a = s.account;
        Self {
            status: a.status().into(),
            id: a.id,
            email: a.email,
            name: a.name,
            id_number: a.id_number,
            phone: a.phone,
            created_at: utc(a.created_at),
            completed_at: a.completed_at.map(utc),
            locked_until: s.locked_until.map(utc),
            records_found: s.records_found,
        }
    }
}

/// How support finds accounts (a JSON body of `POST /support/accounts/search`, or the query of
/// the deprecated GET).
#[derive(Debug, Deserialize, IntoParams, ToSchema, Validate)]
#[into_params(parameter_in = Query)]
#[schema(example = json!({"phone": "13800138000", "page": 1, "per_page": 20}))]
pub struct AccountQuery {
    /// The login email (any case).
    #[validate(length(max = 254, code = "too_long"))]
    pub email: Option<String>,
    /// The confirmed mobile number (`+86` optional).
    pub phone: Option<String>,
    /// The ID number of the real-name details.
    #[validate(length(max = 100, code = "too_long"))]
    pub id_number: Option<String>,
    /// Page number, from 1.
    pub page: Option<u32>,
    /// Accounts per page, 1–100 (default 20).
    pub per_page: Option<u32>,
}

/// Finds accounts (deprecated: its filters land in URLs).
#[utoipa::path(
    tag = "support",
    operation_id = "support_search_accounts",
    summary = "Find student accounts — deprecated, use POST /support/accounts/search",
    description = "Accounts whose email, phone or ID number equals the given ones (at least one; several combine \
with AND), newest first. Support agents only. **Deprecated**: an email, phone or ID number in a URL stays in browser \
history and proxy logs; send the same filters to `POST /support/accounts/search`.",
    security(("staff" = [])),
    params(AccountQuery),
    responses(
        (status = 200, description = "One page of accounts.", body = Page<SupportAccountView>,
            example = json!({"items": [{"id": "5b9e…", "email": "wang.xiaoming@example.cn", "status": "active", "name": "王晓明", "id_number": "11019920050314011X", "phone": "13800138000", "created_at": "2026-09-01T02:00:00Z", "completed_at": "2026-09-01T02:10:00Z", "locked_until": null, "records_found": false}], "total": 1, "page": 1, "per_page": 20})),
        (status = 403, description = "`outside_role`: support agents only.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: nothing to search by (`lookup_required`), a phone that is not a mainland mobile number, or a page out of range.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/support/accounts")]
pub async fn search_accounts(
    state: web::Data<AppState>,
    meta: RequestMeta,
    agent: Authorized<SupportAgents>,
    query: web::Query<AccountQuery>,
) -> Result<HttpResponse, AppError> {
    accounts_page(&state, meta, agent, query.into_inner()).await
}

/// Finds accounts by the filters in the body.
#[utoipa::path(
    tag = "support",
    operation_id = "support_search_accounts_by_body",
    summary = "Find student accounts",
    description = "Accounts whose email, phone or ID number equals the given ones (at least one; several combine \
with AND), newest first. The filters travel in the body, so they stay out of URLs (browser history, proxy logs). \
Support agents only.",
    security(("staff" = [])),
    request_body = AccountQuery,
    responses(
        (status = 200, description = "One page of accounts.", body = Page<SupportAccountView>,
            example = json!({"items": [{"id": "5b9e…", "email": "wang.xiaoming@example.cn", "status": "active", "name": "王晓明", "id_number": "11019920050314011X", "phone": "13800138000", "created_at": "2026-09-01T02:00:00Z", "completed_at": "2026-09-01T02:10:00Z", "locked_until": null, "records_found": false}], "total": 1, "page": 1, "per_page": 20})),
        (status = 403, description = "`outside_role`: support agents only.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: nothing to search by (`lookup_required`), a phone that is not a mainland mobile number, or a page out of range.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/support/accounts/search")]
pub async fn search_accounts_by_body(
    state: web::Data<AppState>,
    meta: RequestMeta,
    agent: Authorized<SupportAgents>,
    body: web::Json<AccountQuery>,
) -> Result<HttpResponse, AppError> {
    accounts_page(&state, meta, agent, body.into_inner()).await
}

async fn accounts_page(
    state: &AppState,
    meta: RequestMeta,
    agent: Authorized<SupportAgents>,
    q: AccountQuery,
) -> Result<HttpResponse, AppError> {
    let q = valid(q)?;
    let window = Window::parse(q.page, q.per_page)?;
    let lookup = service::read_lookup(&RawLookup {
        email: q.email,
        phone: q.phone,
        id_number: q.id_number,
    })?;
    let ctx = state.ctx(meta);
    let page = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let page = service::search(conn, &ctx, &lookup, window)?;
                service::shown(
                    conn,
                    &ctx,
                    &agent,
                    "support_account_search",
                    None,
                    &page.items,
                )?;
                Ok(page)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page.try_map(|a| Ok::<_, AppError>(SupportAccountView::from(a)))?))
}

/// Runs `f` and answers with the account it returns, its full ID number and phone audited as
/// read by `agent` for `purpose` (with the reason the agent gave) in the same request.
async fn answer(
    state: &AppState,
    meta: RequestMeta,
    agent: Authorized<SupportAgents>,
    purpose: &'static str,
    reason: Option<String>,
    f: impl FnOnce(&mut DbConnection, &Ctx, &StaffUser) -> Result<SupportAccount, AppError>
        + Send
        + 'static,
) -> Result<HttpResponse, AppError> {
    let account = state
        .run(meta, move |conn, ctx| {
            // The read is audited after `f` and not inside its transaction, so a change that
            // commits and then answers an error keeps its own semantics; no answer without it.
            let account = f(conn, ctx, &agent)?;
            write_transaction(conn, |conn| {
                let shown = std::slice::from_ref(&account);
                service::shown(conn, ctx, &agent, purpose, reason.as_deref(), shown)
            })?;
            Ok(account)
        })
        .await?;
    Ok(HttpResponse::Ok().json(SupportAccountView::from(account)))
}

/// Like [`answer`], for an action that takes the agent's reason (audited with the read).
async fn answer_with_reason(
    state: &AppState,
    meta: RequestMeta,
    agent: Authorized<SupportAgents>,
    purpose: &'static str,
    body: SupportReason,
    f: impl FnOnce(
            &mut DbConnection,
            &Ctx,
            &StaffUser,
            Option<&str>,
        ) -> Result<SupportAccount, AppError>
        + Send
        + 'static,
) -> Result<HttpResponse, AppError> {
    let reason = valid(body)?.reason;
    let why = reason.clone();
    answer(state, meta, agent, purpose, why, move |conn, ctx, agent| {
        f(conn, ctx, agent, reason.as_deref())
    })
    .await
}

/// Declares a handler of one account that only calls its use-case with the agent and the
/// account's id (and, with `reason`, the reason of a [`SupportReason`] body, audited with the
/// read), answering as [`answer`] does. Each keeps its own doc comment and utoipa contract.
macro_rules! account_handler {
    (
        $(#[$attr:meta])*
        fn $name:ident($purpose:literal) =
            |$conn:ident, $ctx:ident, $agent:pat_param, $id:ident| $call:expr;
    ) => {
        account_handler!(@fn [$(#[$attr])*] $name [state meta agent id] () {
            answer(&state, meta, agent, $purpose, None, move |$conn, $ctx, $agent| {
                let $id = id.as_str();
                $call
            })
            .await
        });
    };
    (
        $(#[$attr:meta])*
        fn $name:ident($purpose:literal, reason) =
            |$conn:ident, $ctx:ident, $agent:pat_param, $id:ident, $why:ident| $call:expr;
    ) => {
        account_handler!(@fn [$(#[$attr])*] $name [state meta agent id] (body: web::Json<SupportReason>,) {
            let body = body.into_inner();
            answer_with_reason(&state, meta, agent, $purpose, body, move |$conn, $ctx, $agent, $why| {
                let $id = id.as_str();
                $call
            })
            .await
        });
    };
    // The signature both share; its parameters are named by the arms above, whose bodies use them.
    (@fn [$($attr:tt)*] $name:ident [$state:ident $meta:ident $agent:ident $id:ident] ($($body:tt)*) $run:block) => {
        $($attr)*
        pub async fn $name(
            $state: web::Data<AppState>,
            $meta: RequestMeta,
            $agent: Authorized<SupportAgents>,
            $id: web::Path<String>,
            $($body)*
        ) -> Result<HttpResponse, AppError> $run
    };
}

account_handler! {
    /// One account.
    #[utoipa::path(
        tag = "support",
        operation_id = "support_get_account",
        summary = "Read a student account",
        description = "The account with its real-name details, lockout and whether records carry its name and ID number.",
        security(("staff" = [])),
        params(("id" = String, Path, description = "The account.")),
        responses(
            (status = 200, description = "The account.", body = SupportAccountView),
            (status = 403, description = "`outside_role`: support agents only.", body = Problem, content_type = "application/problem+json"),
            (status = 404, description = "`account_not_found`.", body = Problem, content_type = "application/problem+json"),
        )
    )]
    #[get("/support/accounts/{id}")]
    fn get_account("support_account_detail") =
        |conn, ctx, _, id| service::get(conn, ctx, id);
}

/// A correction of an account's real-name details.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"name": "王小明", "id_number": "11019920050314011X", "reason": "学生来电，提供身份证照片，注册时姓名误填为“王晓明”。"}))]
pub struct IdentityCorrection {
    /// The name, by the rules of the real-name step.
    pub name: String,
    /// The 18-digit ID number, by the rules of the real-name step.
    pub id_number: String,
    /// Why (required, at most 500 characters).
    pub reason: Option<String>,
}

/// Corrects an account's real-name details.
#[utoipa::path(
    tag = "support",
    operation_id = "support_correct_identity",
    summary = "Correct an account's name and ID number",
    description = "For a student whose records are right but whose account is not: replaces the account's name and \
ID number (checked like the real-name step), with a mandatory reason, audited. The account then finds the records \
that carry the corrected details. An ID number held by another completed account is a conflict: check, then detach \
it there first.",
    security(("staff" = [])),
    params(("id" = String, Path, description = "The account.")),
    request_body = IdentityCorrection,
    responses(
        (status = 200, description = "Corrected.", body = SupportAccountView),
        (status = 403, description = "`outside_role`: support agents only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`account_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`id_number_taken`: another completed account holds the ID number (named in `detail`).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: a name or ID number that breaks the rules, no reason, a character that is not shown (`invalid_characters`), or nothing changes (`identity_unchanged`).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/support/accounts/{id}/identity")]
pub async fn correct_identity(
    state: web::Data<AppState>,
    meta: RequestMeta,
    agent: Authorized<SupportAgents>,
    id: web::Path<String>,
    body: web::Json<IdentityCorrection>,
) -> Result<HttpResponse, AppError> {
    let b = valid(body.into_inner())?;
    let reason = b.reason.clone();
    answer(
        &state,
        meta,
        agent,
        "support_identity_correction",
        reason,
        move |conn, ctx, agent| {
            service::correct_identity(
                conn,
                OnAccount {
                    ctx,
                    staff: agent,
                    id: &id,
                },
                &b.name,
                &b.id_number,
                b.reason.as_deref(),
            )
        },
    )
    .await
}

/// A reason for a support action.
#[derive(Debug, Default, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"reason": "经核实，该账号为他人误用本人身份证号注册。"}))]
pub struct SupportReason {
    /// At most 500 characters.
    pub reason: Option<String>,
}

account_handler! {
    /// Detaches the real-name details from an account.
    #[utoipa::path(
        tag = "support",
        operation_id = "support_detach_identity",
        summary = "Detach the name and ID number from an account",
        description = "For an ID number held by the wrong account (an old forgotten one, or one someone else registered): \
after checking, removes the name and ID number from that account, logs it out everywhere and sends it back to the \
real-name step, so that the rightful owner can use the ID number. Reason required; audited.",
        security(("staff" = [])),
        params(("id" = String, Path, description = "The account that holds the ID number wrongly.")),
        request_body = SupportReason,
        responses(
            (status = 200, description = "Detached.", body = SupportAccountView),
            (status = 403, description = "`outside_role`: support agents only.", body = Problem, content_type = "application/problem+json"),
            (status = 404, description = "`account_not_found`.", body = Problem, content_type = "application/problem+json"),
            (status = 409, description = "`no_identity`: the account holds no real-name details.", body = Problem, content_type = "application/problem+json"),
            (status = 422, description = "`validation_failed`: no reason.", body = Problem, content_type = "application/problem+json"),
        )
    )]
    #[post("/support/accounts/{id}/identity/detach")]
    fn detach_identity("support_identity_detach", reason) =
        |conn, ctx, staff, id, why| service::detach_identity(conn, OnAccount { ctx, staff, id }, why);
}

account_handler! {
    /// Unlocks an account.
    #[utoipa::path(
        tag = "support",
        operation_id = "support_unlock_account",
        summary = "Lift a login lockout",
        description = "Lifts the lockout that wrong passwords put on the account and forgets the failed attempts. \
The reason is optional; audited either way.",
        security(("staff" = [])),
        params(("id" = String, Path, description = "The account.")),
        request_body = SupportReason,
        responses(
            (status = 200, description = "Unlocked (or was not locked).", body = SupportAccountView),
            (status = 403, description = "`outside_role`: support agents only.", body = Problem, content_type = "application/problem+json"),
            (status = 404, description = "`account_not_found`.", body = Problem, content_type = "application/problem+json"),
        )
    )]
    #[post("/support/accounts/{id}/unlock")]
    fn unlock_account("support_account_unlock", reason) =
        |conn, ctx, staff, id, why| service::unlock(conn, OnAccount { ctx, staff, id }, why);
}

account_handler! {
    /// Resends the activation email.
    #[utoipa::path(
        tag = "support",
        operation_id = "support_resend_activation",
        summary = "Send the activation email again",
        description = "For an account that has not finished registering: a new activation link to its email, at most \
once a minute per account. Audited.",
        security(("staff" = [])),
        params(("id" = String, Path, description = "The account.")),
        responses(
            (status = 200, description = "Queued.", body = SupportAccountView),
            (status = 403, description = "`outside_role`: support agents only.", body = Problem, content_type = "application/problem+json"),
            (status = 404, description = "`account_not_found`.", body = Problem, content_type = "application/problem+json"),
            (status = 409, description = "`registration_complete`: no activation needed.", body = Problem, content_type = "application/problem+json"),
            (status = 429, description = "`email_cooldown`: sent less than a minute ago; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
        )
    )]
    #[post("/support/accounts/{id}/activation-email")]
    fn resend_activation("support_activation_resend") =
        |conn, ctx, staff, id| service::resend_activation(conn, OnAccount { ctx, staff, id });
}
