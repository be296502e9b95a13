//! Security headers on every response, errors included: a Content-Security-Policy chosen by the
//! part of the site the path belongs to, `nosniff`, no referrer (verification-report codes sit in
//! URLs), no framing anywhere, and HSTS when the public address is https.

use std::sync::LazyLock;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, Error};
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::state::AppState;

/// The JSON API and the health check: nothing in an answer may load or run anything.
pub const API_POLICY: &str =
    "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The SPA: its own scripts and styles only (no inline ones), photos shown through `blob:` URLs.
pub const SPA_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
img-src 'self' blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
form-action 'self'; frame-ancestors 'none'";

/// Swagger UI under `/docs/`: its own files; its stylesheet draws icons as `data:` images and
/// its components set inline styles.
pub const SWAGGER_POLICY: &str = "default-src 'self'; script-src 'self'; \
style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The dev mailbox page: no script at all, and only its own `<style>` block, allowed by hash.
static MAILBOX_POLICY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "default-src 'none'; style-src '{}'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'",
        style_hash(crate::dev::routes::MAILBOX_CSS)
    )
});

/// HSTS for a year; sub-domains are left alone (they may not be this service's).
pub const HSTS: &str = "max-age=31536000";

/// The part of the site a path belongs to, each with its own Content-Security-Policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    Api,
    Spa,
    SwaggerUi,
    DevMailbox,
}

impl Surface {
    /// Where `path` belongs (whatever the status of the answer).
    pub fn of(path: &str) -> Self {
        let under = |prefix: &str| {
            path == prefix
                || path
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with('/'))
        };
        if under("/api") || path == "/health" {
            Self::Api
        } else if under("/docs") {
            Self::SwaggerUi
        } else if path == "/dev/mailbox" {
            Self::DevMailbox
        } else {
            Self::Spa
        }
    }

    /// The Content-Security-Policy of this part.
    pub fn policy(self) -> &'static str {
        match self {
            Self::Api => API_POLICY,
            Self::Spa => SPA_POLICY,
            Self::SwaggerUi => SWAGGER_POLICY,
            Self::DevMailbox => MAILBOX_POLICY.as_str(),
        }
    }
}

/// The CSP source (`sha256-…`) that allows exactly the inline `<style>` element holding `css`.
pub fn style_hash(css: &str) -> String {
    let digest = Sha256::digest(css.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The headers of an answer to `path`; HSTS only when the public address is https.
pub fn headers_for(path: &str, https: bool) -> Vec<(HeaderName, HeaderValue)> {
    let mut headers = vec![
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(Surface::of(path).policy()),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    ];
    if https {
        headers.push((
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        ));
    }
    headers
}

/// The middleware (wrap with `actix_web::middleware::from_fn`, outside CORS so that preflight
/// answers carry the headers too). A header a handler set on purpose is kept. Everything further
/// in answers errors as responses (problem+json, CORS refusals), so none escapes these headers.
pub async fn apply(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let https = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|state| state.config.public_url.starts_with("https://"));
    let path = req.path().to_owned();
    let mut res = next.call(req).await?;
    for (name, value) in headers_for(&path, https) {
        if !res.headers().contains_key(&name) {
            res.headers_mut().insert(name, value);
        }
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_path_gets_the_policy_of_its_part_of_the_site() {
        for (path, surface) in [
            ("/", Surface::Spa),
            ("/login", Surface::Spa),
            ("/verify/V4U3GMN8DAW7C6FM", Surface::Spa),
            ("/assets/index-abc.js", Surface::Spa),
            ("/favicon.svg", Surface::Spa),
            ("/api-docs/openapi.json", Surface::Spa),
            ("/apiary", Surface::Spa),
            ("/docsx", Surface::Spa),
            ("/dev/mailboxes", Surface::Spa),
            ("/api", Surface::Api),
            ("/api/v1/accounts", Surface::Api),
            ("/api/nope", Surface::Api),
            ("/health", Surface::Api),
            ("/docs", Surface::SwaggerUi),
            ("/docs/", Surface::SwaggerUi),
            ("/docs/swagger-ui-bundle.js", Surface::SwaggerUi),
            ("/dev/mailbox", Surface::DevMailbox),
        ] {
            assert_eq!(Surface::of(path), surface, "{path}");
        }
    }

    #[test]
    fn no_policy_allows_inline_scripts_eval_or_framing() {
        for surface in [
            Surface::Api,
            Surface::Spa,
            Surface::SwaggerUi,
            Surface::DevMailbox,
        ] {
            let policy = surface.policy();
            assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
            assert!(!policy.contains("unsafe-eval"), "{policy}");
            let scripts = policy
                .split(';')
                .map(str::trim)
                .find(|d| d.starts_with("script-src"))
                .unwrap_or("script-src (default-src)");
            assert!(!scripts.contains("unsafe-inline"), "{policy}");
        }
        assert!(SPA_POLICY.contains("script-src 'self';"));
        assert!(SPA_POLICY.contains("style-src 'self';"));
        assert!(SPA_POLICY.contains("img-src 'self' blob:;"));
    }

    #[test]
    fn the_mailbox_policy_allows_exactly_its_own_stylesheet() {
        let policy = Surface::DevMailbox.policy();
        assert!(policy.starts_with("default-src 'none'; style-src 'sha256-"));
        // The SHA-256 of "" in base64, to pin the encoding.
        assert_eq!(
            style_hash(""),
            "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
    }

    #[test]
    fn every_answer_gets_nosniff_no_referrer_and_deny_and_hsts_only_over_https() {
        let names = |https| -> Vec<String> {
            headers_for("/", https)
                .into_iter()
                .map(|(name, _)| name.to_string())
                .collect()
        };
        assert_eq!(
            names(false),
            [
                "content-security-policy",
                "x-content-type-options",
                "referrer-policy",
                "x-frame-options"
            ]
        );
        assert_eq!(names(true).last().unwrap(), "strict-transport-security");
        let values: Vec<_> = headers_for("/api/v1/x", true)
            .into_iter()
            .map(|(_, v)| v.to_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            values,
            [
                API_POLICY,
                "nosniff",
                "no-referrer",
                "DENY",
                "max-age=31536000"
            ]
        );
    }
}
