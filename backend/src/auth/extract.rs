//! Extractors that authenticate a request. A handler that takes a `CurrentUser` cannot run for
//! anyone who is not logged in with a live session; one that takes a `RegistrationUser` runs only
//! for an activated account that has not finished registering.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

use super::jwt::{token_invalid, Claims, TokenKind};
use crate::accounts::session_limits::{activity_is_stale, SessionLimits, ACTIVITY_RESOLUTION};
use crate::accounts::store;
use crate::db::timestamp;
use crate::error::{AppError, Text};
use crate::staff::store as staff_store;
use crate::state::AppState;

/// A logged-in student: the account and the session its access token belongs to.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub account_id: String,
    pub session_id: String,
}

/// An account in the middle of registration (activated, not yet complete).
#[derive(Debug, Clone)]
pub struct RegistrationUser {
    pub account_id: String,
    /// The SHA-256 of the registration token presented (to give it up with 退出注册).
    pub token_hash: String,
    /// When that token expires (seconds since the epoch).
    pub token_expires_at: i64,
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

/// The app state, the verified claims of a bearer token of `kind` and the token's hash.
fn authenticate(
    req: &HttpRequest,
    kind: TokenKind,
) -> LocalBoxFuture<'static, Result<(web::Data<AppState>, Claims, String), AppError>> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("AppState is not registered")));
    let prepared = state.and_then(|s| Ok((s, bearer(req)?)));
    Box::pin(async move {
        let (state, token) = prepared?;
        let claims = state.jwt.verify(&token, kind, state.clock.now())?;
        Ok((state, claims, super::tokens::hash(&token)))
    })
}

/// A logged-in student who may not yet have agreed to the current privacy notice. Only the
/// operations a student must reach before agreeing take it: reading the account, agreeing,
/// logging out and downloading their data (a right that does not wait for consent).
#[derive(Debug, Clone)]
pub struct CurrentUserAnyConsent {
    pub user: CurrentUser,
    /// The account has not agreed to the current notice (every other student operation
    /// answers 403 `consent_required` until it does).
    pub consent_required: bool,
}

/// The student of a live session and the notice version their account agreed to.
fn student_session(
    req: &HttpRequest,
) -> LocalBoxFuture<'static, Result<(CurrentUser, Option<String>), AppError>> {
    let authenticated = authenticate(req, TokenKind::Access);
    Box::pin(async move {
        let (state, claims, _) = authenticated.await?;
        let session_id = claims.sid.ok_or_else(token_invalid)?;
        let account_id = claims.sub;
        let now = timestamp(state.clock.now());
        let (sid, aid) = (session_id.clone(), account_id.clone());
        let consent = state
            .db
            .run(move |conn| Ok(store::live_session_consent(conn, &sid, &aid, now)?))
            .await?;
        let Some(consent) = consent else {
            return Err(AppError::unauthorized(
                "session_revoked",
                Text::new(
                    "登录已失效（可能已退出登录或修改了密码），请重新登录。",
                    "This session has ended; log in again.",
                ),
            ));
        };
        Ok((
            CurrentUser {
                account_id,
                session_id,
            },
            consent,
        ))
    })
}

/// The answer to a student who has not agreed to the current privacy notice.
pub fn consent_required() -> AppError {
    AppError::forbidden(
        "consent_required",
        Text::new(
            "《个人信息保护说明》已更新，请先阅读并同意新版说明（或注销账号）后再继续使用。",
            "The privacy notice has changed; read and agree to the new version (or close the account) first.",
        ),
    )
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let session = student_session(req);
        Box::pin(async move {
            let (user, consent) = session.await?;
            if !crate::privacy::is_current(consent.as_deref()) {
                return Err(consent_required());
            }
            Ok(user)
        })
    }
}

impl FromRequest for CurrentUserAnyConsent {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let session = student_session(req);
        Box::pin(async move {
            let (user, consent) = session.await?;
            Ok(CurrentUserAnyConsent {
                user,
                consent_required: !crate::privacy::is_current(consent.as_deref()),
            })
        })
    }
}

impl FromRequest for RegistrationUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let authenticated = authenticate(req, TokenKind::Registration);
        Box::pin(async move {
            let (state, claims, token_hash) = authenticated.await?;
            let account_id = claims.sub;
            let (id, hash) = (account_id.clone(), token_hash.clone());
            let (account, abandoned) = state
                .db
                .run(move |conn| {
                    Ok((
                        store::find_by_id(conn, &id)?,
                        store::registration_token_abandoned(conn, &hash)?,
                    ))
                })
                .await?;
            if abandoned {
                return Err(token_invalid());
            }
            match account.map(|a| a.status) {
                Some(s) if s == crate::accounts::AccountStatus::Activated.as_str() => {
                    Ok(RegistrationUser {
                        account_id,
                        token_hash,
                        token_expires_at: claims.exp,
                    })
                }
                Some(s) if s == crate::accounts::AccountStatus::Active.as_str() => {
                    Err(AppError::conflict(
                        "registration_complete",
                        Text::new(
                            "注册已经完成，请直接登录。",
                            "The registration is already complete; log in.",
                        ),
                    ))
                }
                _ => Err(token_invalid()),
            }
        })
    }
}

/// A logged-in staff member, with the role and scope as stored now (not as when the token was
/// issued), so a change of role or a disabled account takes effect at once.
#[derive(Debug, Clone)]
pub struct StaffUser {
    pub staff_id: String,
    pub email: String,
    pub session_id: String,
    pub role: crate::staff::Role,
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

/// A logged-in staff member who may still have setup steps left (a password to choose, a second
/// factor to enrol): admitted only by the setup endpoints (who am I, change my password, enrol,
/// log out). Every other staff endpoint takes [`StaffUser`], which refuses such a member.
#[derive(Debug, Clone)]
pub struct StaffInSetup {
    pub user: StaffUser,
    /// The account as stored now.
    pub staff: crate::staff::store::Staff,
    /// What is left to do, in order; empty once the account is ready.
    pub remaining: Vec<crate::staff::SetupStep>,
}

/// Loads the staff member of a live session named by the request's staff token.
fn load_staff(req: &HttpRequest) -> LocalBoxFuture<'static, Result<StaffInSetup, AppError>> {
    let authenticated = authenticate(req, TokenKind::Staff);
    Box::pin(async move {
        let (state, claims, _) = authenticated.await?;
        let session_id = claims.sid.ok_or_else(token_invalid)?;
        let now = timestamp(state.clock.now());
        let limits = SessionLimits::staff(&state.config.auth);
        let (sid, id) = (session_id.clone(), claims.sub.clone());
        // Checked against the database on every request (so an ended session, an idle one or a
        // disabled account is refused at once on every instance); the use is recorded at most
        // once a minute.
        let staff = state
            .db
            .run(move |conn| {
                let idle_since = limits.idle_since(now);
                let found = staff_store::live_session(conn, &sid, &id, now, idle_since)?;
                if let Some((_, last_active)) = &found {
                    if activity_is_stale(*last_active, now) {
                        let stale_before = now - ACTIVITY_RESOLUTION;
                        staff_store::touch_session(conn, &sid, now, stale_before)?;
                    }
                }
                Ok(found.map(|(staff, _)| staff))
            })
            .await?
            .ok_or_else(|| {
                AppError::unauthorized(
                    "session_revoked",
                    Text::new(
                        "登录已失效，请重新登录。",
                        "This session has ended; log in again.",
                    ),
                )
            })?;
        let role = crate::staff::Role::parse(&staff.role).ok_or_else(|| {
            AppError::internal(anyhow::anyhow!("unknown stored role {}", staff.role))
        })?;
        let remaining =
            crate::staff::setup_remaining(&staff, state.config.auth.staff_totp_required);
        Ok(StaffInSetup {
            user: StaffUser {
                staff_id: staff.id.clone(),
                email: staff.email.clone(),
                session_id,
                role,
                school_code: staff.school_code.clone(),
                province_code: staff.province_code.clone(),
            },
            staff,
            remaining,
        })
    })
}

/// 403 `setup_required`, naming each step left as a field error.
pub fn setup_required(remaining: &[crate::staff::SetupStep]) -> AppError {
    use crate::error::FieldError;
    use crate::staff::SetupStep;
    let mut err = AppError::forbidden(
        "setup_required",
        Text::new(
            "请先完成账号设置（修改初始密码、开启两步验证），再使用其他功能。",
            "Finish setting up the account first (choose your own password, enrol a second factor).",
        ),
    );
    for step in remaining {
        err = err.with_field(match step {
            SetupStep::Password => FieldError::new(
                "password",
                "password_change_required",
                Text::new("请设置您自己的新密码。", "Choose your own password."),
            ),
            SetupStep::SecondFactor => FieldError::new(
                "second_factor",
                "second_factor_required",
                Text::new(
                    "您的角色必须开启两步验证。",
                    "Your role requires a TOTP second factor.",
                ),
            ),
        });
    }
    err
}

impl FromRequest for StaffInSetup {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        load_staff(req)
    }
}

impl FromRequest for StaffUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let loaded = load_staff(req);
        Box::pin(async move {
            let loaded = loaded.await?;
            if !loaded.remaining.is_empty() {
                return Err(setup_required(&loaded.remaining));
            }
            Ok(loaded.user)
        })
    }
}
