//! HTTP handlers of the registration steps.

use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::accounts::routes::AccountStatusName;
use crate::accounts::store;
use crate::auth::RegistrationUser;
use crate::error::{AppError, Problem};
use crate::state::AppState;

/// Mounts the registration routes (under `/api/v1`).
pub fn register_routes(cfg: &mut ServiceConfig) {
    cfg.service(get_registration);
}

/// Where an unfinished registration stands.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"email": "li.ming@example.cn", "status": "activated"}))]
pub struct RegistrationSummary {
    pub email: String,
    pub status: AccountStatusName,
}

/// The registration in progress.
#[utoipa::path(
    tag = "registration",
    operation_id = "get_registration",
    summary = "The registration in progress",
    description = "What has been entered so far in an unfinished registration, for the steps after \
activation. Takes the registration token (from activation or from logging in to an unfinished account) \
as the bearer token; access tokens are refused.",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The registration so far.", body = RegistrationSummary),
        (status = 409, description = "`registration_complete`: nothing left to do; log in.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/registration")]
pub async fn get_registration(state: web::Data<AppState>, user: RegistrationUser) -> Result<HttpResponse, AppError> {
    let account = state.db.run(move |conn| Ok(store::find_by_id(conn, &user.account_id)?)).await?;
    let account = account.ok_or_else(|| AppError::from(diesel::result::Error::NotFound))?;
    Ok(HttpResponse::Ok().json(RegistrationSummary { status: account.status().into(), email: account.email }))
}
