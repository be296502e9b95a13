//! `GET /health`: is the service up, and can it reach its database?

pub mod routes;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The state of one part of the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ComponentStatus {
    Ok,
    Unavailable,
}

/// The health answer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"status": "ok", "database": "ok"}))]
pub struct Health {
    /// `ok` when every part below is `ok`.
    pub status: ComponentStatus,
    /// Whether the database answered a query just now.
    pub database: ComponentStatus,
}

impl Health {
    /// The overall answer given the database's state.
    pub fn from_database(database_ok: bool) -> Self {
        let s = if database_ok {
            ComponentStatus::Ok
        } else {
            ComponentStatus::Unavailable
        };
        Self {
            status: s,
            database: s,
        }
    }
}
