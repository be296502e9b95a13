//! The context a service call runs in: the moment, the settings, the signing keys and who is
//! asking from where. Built by handlers from the request; services never see HTTP.

use std::sync::Arc;

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::config::Config;
use crate::db::timestamp;
use crate::secrets::{AuditKey, JwtKeys};

/// What every operation needs to know about the moment and the caller.
#[derive(Clone)]
pub struct Ctx {
    /// "Now", from the app's clock (tests move it).
    pub now: DateTime<Utc>,
    pub config: Arc<Config>,
    pub jwt: Arc<JwtKeys>,
    /// A server secret that keys the hashes of short codes (6-digit SMS codes would be trivial
    /// to reverse from a plain hash).
    pub code_key: Arc<String>,
    /// Keys the audit chain's links.
    pub audit_key: Arc<AuditKey>,
    /// The client's IP address, for per-IP limits and the audit log.
    pub ip: String,
    /// The client's `User-Agent` as sent (unchecked; cleaned where it is stored).
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
}

impl Ctx {
    /// "Now" in the database's form.
    pub fn ts(&self) -> NaiveDateTime {
        timestamp(self.now)
    }
}
