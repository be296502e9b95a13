//! What every handler can reach: settings, the database pool, the clock, the signing key.

use std::sync::Arc;

use crate::clock::Clock;
use crate::config::{Config, Secret};
use crate::db::Db;

/// Shared application state, handed to handlers as `web::Data<AppState>`.
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    /// The key that signs access tokens.
    pub jwt_secret: Secret,
}
