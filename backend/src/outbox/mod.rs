//! Outbound email and SMS. A change that must notify someone writes a message into the `outbox`
//! table in its own transaction ([`enqueue`]); the [`worker`] delivers pending messages with
//! retries and exponential back-off, recording every attempt. So a gateway outage loses nothing
//! and a change that rolled back sends nothing.

pub mod redaction;
pub mod store;
pub mod transport;
pub mod worker;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::outbox;
use crate::db::DbConnection;

/// The kind of message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Email,
    Sms,
}

impl Channel {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }
}

/// A message to send.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub channel: Channel,
    /// The normalised address: a lower-case email, or 11 bare digits of a phone number.
    pub recipient: String,
    pub subject: Option<String>,
    /// The plain-text body (an email's text part; an SMS's whole text).
    pub body_text: String,
    pub body_html: Option<String>,
    /// For SMS gateways: the template name and its parameters.
    pub template: Option<String>,
    pub params: Option<serde_json::Value>,
}

/// Writes `message` as pending, due at once, inside the caller's transaction; returns its id.
pub fn enqueue(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    message: NewMessage,
) -> QueryResult<String> {
    let id = uuid::Uuid::new_v4().to_string();
    diesel::insert_into(outbox::table)
        .values((
            outbox::id.eq(&id),
            outbox::channel.eq(message.channel.as_str()),
            outbox::recipient.eq(&message.recipient),
            outbox::subject.eq(&message.subject),
            outbox::body_text.eq(&message.body_text),
            outbox::body_html.eq(&message.body_html),
            outbox::template.eq(&message.template),
            outbox::params.eq(message.params.map(|p| p.to_string())),
            outbox::status.eq("pending"),
            outbox::attempts.eq(0),
            outbox::next_attempt_at.eq(now),
            outbox::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// The wait before attempt `attempt + 1` after `attempt` failed ones: `base · 2^(attempt-1)`,
/// at most an hour.
pub fn retry_delay(failed_attempts: u32, base_secs: u64) -> Duration {
    let exponent = failed_attempts.saturating_sub(1).min(20);
    let secs = base_secs.saturating_mul(1u64 << exponent).min(3600);
    Duration::seconds(secs as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_and_is_capped_at_an_hour() {
        let delays: Vec<i64> = (1..=6).map(|n| retry_delay(n, 5).num_seconds()).collect();
        assert_eq!(delays, [5, 10, 20, 40, 80, 160]);
        assert_eq!(retry_delay(30, 5).num_seconds(), 3600);
        assert_eq!(retry_delay(0, 5).num_seconds(), 5);
    }
}
