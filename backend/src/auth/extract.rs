//! What every authenticated request shares: the bearer token read and verified, and who the
//! caller is ([`CurrentUser`], [`StaffUser`]). The extractors that load a caller's session live
//! with the capability that owns its tables (`accounts::extract`, `staff::extract`), so this layer
//! knows tokens but not accounts.

use actix_web::http::header;
use actix_web::{web, HttpRequest};
use chrono::{DateTime, Utc};

use super::jwt::{Claims, JwtKeys, TokenKind};
use crate::error::{AppError, Text};

/// A logged-in student: the account and the session its access token belongs to (extracted by
/// `accounts::extract`, which checks the session against the database).
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub account_id: String,
    pub session_id: String,
}

/// The bearer token of the request, or 401.
fn bearer(req: &HttpRequest) -> Result<String, AppError> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let token = value.and_then(|v| {
        let (scheme, token) = v.trim().split_once(' ')?;
        scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| token.trim().to_owned())
    });
    token.filter(|t| !t.is_empty()).ok_or_else(|| {
        AppError::unauthorized(
            "unauthorized",
            Text::new(
                "请先登录。",
                "Log in first (Authorization: Bearer <token>).",
            ),
        )
        .with_header(header::WWW_AUTHENTICATE, "Bearer".into())
    })
}

/// The app's state `S`, the claims of the request's bearer token of `kind` (verified with the
/// keys and at the time `keys` reads from that state) and the token's hash: 401 without a valid
/// token. The state is the caller's type, so this layer needs no knowledge of it.
pub fn authenticate<S: 'static>(
    req: &HttpRequest,
    kind: TokenKind,
    keys: fn(&S) -> (&JwtKeys, DateTime<Utc>),
) -> Result<(web::Data<S>, Claims, String), AppError> {
    let state = req.app_data::<web::Data<S>>().cloned().ok_or_else(|| {
        let name = std::any::type_name::<S>();
        AppError::internal(anyhow::anyhow!("{name} is not registered"))
    })?;
    let token = bearer(req)?;
    let (jwt, now) = keys(&state);
    let claims = jwt.verify(&token, kind, now)?;
    Ok((state, claims, super::tokens::hash(&token)))
}

/// A logged-in staff member, with the role and scope as stored now (not as when the token was
/// issued), so a change of role or a disabled account takes effect at once (extracted by
/// `staff::extract`).
#[derive(Debug, Clone)]
pub struct StaffUser {
    pub staff_id: String,
    pub email: String,
    pub session_id: String,
    pub role: super::Role,
    pub school_code: Option<String>,
    pub province_code: Option<String>,
}

impl StaffUser {
    /// What this staff member may see and change.
    pub fn scope(&self) -> super::Scope {
        super::Scope::of(self)
    }

    /// The audit log's name of this staff member's role.
    pub fn role_name(&self) -> &'static str {
        self.role.as_str()
    }
}
