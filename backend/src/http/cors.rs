//! Cross-origin access for browser clients hosted elsewhere (`APP_CORS_ORIGINS`). With no origins
//! configured the API stays same-origin: browsers on other sites cannot read its answers.

use actix_cors::Cors;
use actix_web::http::{header, Method};

/// The CORS middleware for the configured origins.
pub fn layer(origins: &[String]) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::ACCEPT_LANGUAGE,
        ])
        .allowed_header(header::HeaderName::from_static("x-request-id"))
        .expose_headers([
            header::RETRY_AFTER,
            header::HeaderName::from_static("x-request-id"),
        ])
        .max_age(3600);
    for origin in origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}
