//! Gives every request an id (the caller's `X-Request-Id` when it is sane, else a new UUID),
//! runs the request inside a tracing span that carries it, echoes it in the response, and logs
//! one line per request.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};
use tracing::Instrument;

/// The header that carries the request id in both directions.
pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the current request, stored in the request's extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

/// Accepts a caller's id only when it is short and plain, so logs cannot be forged or flooded.
fn accept_incoming(value: &HeaderValue) -> Option<String> {
    let s = value.to_str().ok()?;
    let ok = !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    ok.then(|| s.to_owned())
}

/// The middleware (wrap with `actix_web::middleware::from_fn`).
pub async fn assign(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let id = req
        .headers()
        .get(&HEADER)
        .and_then(accept_incoming)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %req.method(),
        // Report codes and tokens must not outlive the request in the logs.
        path = %crate::redact::redact_target(req.path()),
    );
    let started = Instant::now();
    let mut res = next.call(req).instrument(span.clone()).await?;
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(HEADER, value);
    }
    let status = res.status().as_u16();
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    span.in_scope(|| {
        if status >= 500 {
            tracing::error!(status, elapsed_ms, "request failed");
        } else {
            tracing::info!(status, elapsed_ms, "request finished");
        }
    });
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_incoming_ids_are_kept_and_odd_ones_replaced() {
        assert_eq!(
            accept_incoming(&HeaderValue::from_static("abc-123_x.y")).as_deref(),
            Some("abc-123_x.y")
        );
        assert_eq!(
            accept_incoming(&HeaderValue::from_static("has space")),
            None
        );
        assert_eq!(accept_incoming(&HeaderValue::from_static("")), None);
        let long = "a".repeat(65);
        assert_eq!(
            accept_incoming(&HeaderValue::from_str(&long).unwrap()),
            None
        );
    }
}
