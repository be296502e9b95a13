//! The health endpoint.

use std::time::Duration;

use actix_web::{get, web, HttpResponse};

use super::Health;
use crate::state::AppState;

/// How long the health check waits for a database connection before calling it unavailable;
/// load balancers poll often and must get an answer quickly.
const DB_CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// Reports whether the service and its database are up.
#[utoipa::path(
    tag = "health",
    operation_id = "get_health",
    summary = "Service health",
    description = "Checks that the server runs and that its database answers a query. Load balancers \
and monitors poll it; it needs no authentication and is not rate-limited. Answers 200 when \
everything is up and 503 (with the same body shape) when the database cannot be reached.",
    responses(
        (status = 200, description = "The service and its database are up.", body = Health,
            example = json!({"status": "ok", "database": "ok"})),
        (status = 503, description = "The database cannot be reached.", body = Health,
            example = json!({"status": "unavailable", "database": "unavailable"})),
    )
)]
#[get("/health")]
pub async fn get_health(state: web::Data<AppState>) -> HttpResponse {
    let ok = state.db.ping(DB_CHECK_TIMEOUT).await;
    let health = Health::from_database(ok);
    if ok {
        HttpResponse::Ok().json(health)
    } else {
        HttpResponse::ServiceUnavailable().json(health)
    }
}
