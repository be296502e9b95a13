//! Security headers on every response, errors included: a Content-Security-Policy chosen by the
//! part of the site the path belongs to, `nosniff`, no referrer (verification-report codes sit in
//! URLs), no framing anywhere, and HSTS when the public address is https.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, Error};
use base64::Engine;
use sha2::{Digest, Sha256};

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

/// The dev mailbox page's policy: no script at all, and only its own `<style>` block (`css`),
/// allowed by hash.
pub fn mailbox_policy(css: &str) -> String {
    format!(
        "default-src 'none'; style-src '{}'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'",
        style_hash(css)
    )
}

/// What the headers depend on in this deployment; the wiring registers it as app data.
#[derive(Debug, Clone)]
pub struct HeaderSettings {
    /// Whether the public address is https (then HSTS is sent).
    pub https: bool,
    /// The Content-Security-Policy of the dev mailbox page (see [`mailbox_policy`]).
    pub mailbox_policy: String,
}

impl HeaderSettings {
    /// The settings for a site served at `public_url` whose mailbox page carries `mailbox_css`.
    pub fn new(public_url: &str, mailbox_css: &str) -> Self {
        Self {
            https: public_url.starts_with("https://"),
            mailbox_policy: mailbox_policy(mailbox_css),
        }
    }
}

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

    /// The Content-Security-Policy of this part (the mailbox's comes from the settings).
    pub fn policy(self, settings: &HeaderSettings) -> &str {
        match self {
            Self::Api => API_POLICY,
            Self::Spa => SPA_POLICY,
            Self::SwaggerUi => SWAGGER_POLICY,
            Self::DevMailbox => &settings.mailbox_policy,
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
pub fn headers_for(path: &str, settings: &HeaderSettings) -> Vec<(HeaderName, HeaderValue)> {
    let policy = HeaderValue::from_str(Surface::of(path).policy(settings))
        .unwrap_or_else(|_| HeaderValue::from_static(API_POLICY));
    let mut headers = vec![
        (header::CONTENT_SECURITY_POLICY, policy),
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
    if settings.https {
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
    let headers = match req.app_data::<web::Data<HeaderSettings>>() {
        Some(settings) => headers_for(req.path(), settings),
        None => headers_for(req.path(), &HeaderSettings::new("", "")),
    };
    let mut res = next.call(req).await?;
    for (name, value) in headers {
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
        let settings = HeaderSettings::new("", "body{}");
        for surface in [
            Surface::Api,
            Surface::Spa,
            Surface::SwaggerUi,
            Surface::DevMailbox,
        ] {
            let policy = surface.policy(&settings);
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
        let settings = HeaderSettings::new("https://x.example", "body{}");
        let policy = Surface::DevMailbox.policy(&settings);
        assert!(policy.starts_with("default-src 'none'; style-src 'sha256-"));
        // The SHA-256 of "" in base64, to pin the encoding.
        assert_eq!(
            style_hash(""),
            "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
    }

    fn settings() -> HeaderSettings {
        HeaderSettings::new("https://xuexin.example", "body{}")
    }

    #[test]
    fn every_answer_gets_nosniff_no_referrer_and_deny_and_hsts_only_over_https() {
        let names = |https| -> Vec<String> {
            headers_for(
                "/",
                &HeaderSettings {
                    https,
                    ..settings()
                },
            )
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
        let values: Vec<_> = headers_for("/api/v1/x", &settings())
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
