//! Who is asking, from where: the client IP and the request id, for limits and the audit log.

use std::future::{ready, Ready};

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};

use crate::error::AppError;
use crate::http::request_id::RequestId;
use crate::state::AppState;

/// The caller's address and the request id.
#[derive(Debug, Clone)]
pub struct RequestMeta {
    pub ip: String,
    pub request_id: Option<String>,
}

impl FromRequest for RequestMeta {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let trust_forwarded = req
            .app_data::<web::Data<AppState>>()
            .is_some_and(|s| s.config.trust_forwarded_for);
        let info = req.connection_info();
        // Behind a trusted proxy the client is in X-Forwarded-For; otherwise that header is
        // anyone's to forge, so only the socket's peer counts.
        let raw = if trust_forwarded {
            info.realip_remote_addr()
        } else {
            info.peer_addr()
        };
        let ip = raw
            .map(|a| {
                a.parse::<std::net::SocketAddr>()
                    .map(|s| s.ip().to_string())
                    .unwrap_or_else(|_| a.to_owned())
            })
            .unwrap_or_else(|| "unknown".to_owned());
        let request_id = req.extensions().get::<RequestId>().map(|r| r.0.clone());
        ready(Ok(RequestMeta { ip, request_id }))
    }
}
