//! What every handler can reach: settings, the database pool, the clock, keys and the outbox bell.

use std::sync::Arc;

use tokio::sync::Notify;

use crate::auth::hash_pool::HashPool;
use crate::clock::Clock;
use crate::config::Config;
use crate::context::Ctx;
use crate::db::{Db, DbConnection};
use crate::error::AppError;
use crate::http::meta::RequestMeta;
use crate::secrets::{AuditKey, JwtKeys};

/// Shared application state, handed to handlers as `web::Data<AppState>`.
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    /// Signs and verifies access and registration tokens.
    pub jwt: Arc<JwtKeys>,
    /// Keys the hashes of SMS codes.
    pub code_key: Arc<String>,
    /// Hashes and verifies passwords on a bounded set of threads; never wait on it while holding
    /// a database connection.
    pub hash_pool: HashPool,
    /// Keys the audit chain's links.
    pub audit_key: Arc<AuditKey>,
    /// Rung after a transaction that queued a message commits, so the worker sends it at once.
    pub outbox_wakeup: Arc<Notify>,
    /// Where photo bytes live.
    pub photos: Arc<dyn crate::storage::PhotoStore>,
}

impl AppState {
    /// The service context for a request.
    pub fn ctx(&self, meta: RequestMeta) -> Ctx {
        Ctx {
            now: self.clock.now(),
            config: self.config.clone(),
            jwt: self.jwt.clone(),
            code_key: self.code_key.clone(),
            audit_key: self.audit_key.clone(),
            ip: meta.ip,
            user_agent: meta.user_agent,
            request_id: meta.request_id,
        }
    }

    /// Runs `f` on a pooled connection in the request's service context: what most handlers do
    /// between reading their input and answering.
    pub async fn run<T, F>(&self, meta: RequestMeta, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection, &Ctx) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let ctx = self.ctx(meta);
        self.db.run(move |conn| f(conn, &ctx)).await
    }
}
