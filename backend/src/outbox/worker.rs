//! The background worker that delivers the outbox.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use super::store;
use super::transport::Transports;
use crate::clock::Clock;
use crate::config::OutboxSettings;
use crate::db::{timestamp, Db};

/// Messages taken per round.
const BATCH: i64 = 20;
/// How long a claimed message is reserved for the worker that claimed it.
const LEASE_MINUTES: i64 = 5;

/// What the worker needs.
pub struct Worker {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub transports: Arc<Transports>,
    pub settings: OutboxSettings,
    /// Woken after a transaction that enqueued something commits, so delivery starts at once.
    pub wakeup: Arc<Notify>,
}

impl Worker {
    /// Runs forever on the current runtime: deliver what is due, then wait for a wake-up or the
    /// poll interval.
    pub fn spawn(self) {
        tokio::spawn(async move {
            loop {
                match self.deliver_due().await {
                    Ok(n) if n as i64 == BATCH => continue,
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "outbox round failed"),
                }
                tokio::select! {
                    _ = self.wakeup.notified() => {}
                    _ = tokio::time::sleep(Duration::from_millis(self.settings.poll_ms)) => {}
                }
            }
        });
    }

    /// One round: claims due messages, delivers each, records the outcome. Returns how many.
    pub async fn deliver_due(&self) -> anyhow::Result<usize> {
        let now = timestamp(self.clock.now());
        let db = self.db.clone();
        let claimed = actix_web::web::block(move || {
            let mut conn = db.get()?;
            store::claim_due(
                &mut conn,
                now,
                chrono::Duration::minutes(LEASE_MINUTES),
                BATCH,
            )
            .map_err(crate::error::AppError::from)
        })
        .await??;
        let count = claimed.len();
        for message in claimed {
            let (transport, outcome) = self.transports.deliver(&message).await;
            match &outcome {
                Ok(()) => {
                    tracing::info!(id = %message.id, channel = %message.channel, transport, "outbox message delivered")
                }
                Err(e) => {
                    tracing::warn!(id = %message.id, attempt = message.attempts + 1, transport, error = %e, "outbox delivery failed")
                }
            }
            let db = self.db.clone();
            let now = timestamp(self.clock.now());
            let (base, max) = (self.settings.retry_base_secs, self.settings.max_attempts);
            actix_web::web::block(move || {
                let mut conn = db.get()?;
                store::finish_attempt(&mut conn, &message, now, transport, &outcome, base, max)
                    .map_err(crate::error::AppError::from)
            })
            .await??;
        }
        Ok(count)
    }
}
