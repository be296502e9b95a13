//! Who is asking, from where: the client IP and the request id, for limits and the audit log.

use std::future::{ready, Ready};

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};

use crate::config::Config;
use crate::error::AppError;
use crate::http::client_ip::client_ip;
use crate::http::request_id::RequestId;

/// The caller's address, browser and the request id.
#[derive(Debug, Clone)]
pub struct RequestMeta {
    pub ip: String,
    pub request_id: Option<String>,
    /// The `User-Agent` header as sent (unchecked: clean it before storing or showing it).
    pub user_agent: Option<String>,
}

impl FromRequest for RequestMeta {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let ip = req
            .peer_addr()
            .map(|peer| {
                // The settings are registered as app data by the wiring.
                let config = req.app_data::<web::Data<Config>>();
                match config.filter(|c| c.trust_forwarded_for) {
                    // Behind our proxies the client is in X-Forwarded-For, but only the entries
                    // they appended; the rest is anyone's to forge. An unreadable header stays
                    // in the list (as an unreadable hop), so dropping it cannot shift the hops.
                    Some(c) => {
                        let forwarded: Vec<&str> = req
                            .headers()
                            .get_all("x-forwarded-for")
                            .map(|v| v.to_str().unwrap_or(""))
                            .collect();
                        client_ip(peer.ip(), &forwarded, &c.trusted_proxies)
                    }
                    None => peer.ip().to_canonical(),
                }
                .to_string()
            })
            .unwrap_or_else(|| "unknown".to_owned());
        let request_id = req.extensions().get::<RequestId>().map(|r| r.0.clone());
        let user_agent = req
            .headers()
            .get(actix_web::http::header::USER_AGENT)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        ready(Ok(RequestMeta {
            ip,
            request_id,
            user_agent,
        }))
    }
}
