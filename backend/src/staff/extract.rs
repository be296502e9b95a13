//! The staff extractors: a `StaffUser` is a staff member of a live session with no setup step
//! left; a `StaffInSetup` may still have some (only the setup endpoints take it).

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use chrono::{DateTime, Utc};
use futures_util::future::LocalBoxFuture;

use super::store as staff_store;
use super::{Role, SetupStep};
use crate::auth::extract::authenticate;
use crate::auth::jwt::{token_invalid, JwtKeys, TokenKind};
use crate::auth::session_limits::{activity_is_stale, SessionLimits, ACTIVITY_RESOLUTION};
use crate::auth::StaffUser;
use crate::db::timestamp;
use crate::error::{AppError, FieldError, Text};
use crate::state::AppState;

/// A logged-in staff member who may still have setup steps left (a password to choose, a second
/// factor to enrol): admitted only by the setup endpoints (who am I, change my password, enrol,
/// log out). Every other staff endpoint takes [`StaffUser`], which refuses such a member.
#[derive(Debug, Clone)]
pub struct StaffInSetup {
    pub user: StaffUser,
    /// The account as stored now.
    pub staff: staff_store::Staff,
    /// What is left to do, in order; empty once the account is ready.
    pub remaining: Vec<SetupStep>,
}

/// Loads the staff member of a live session named by the request's staff token.
fn load_staff(req: &HttpRequest) -> LocalBoxFuture<'static, Result<StaffInSetup, AppError>> {
    let authenticated = authenticate(req, TokenKind::Staff, token_keys);
    Box::pin(async move {
        let (state, claims, _) = authenticated?;
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
        let role = Role::parse(&staff.role).ok_or_else(|| {
            AppError::internal(anyhow::anyhow!("unknown stored role {}", staff.role))
        })?;
        let remaining = super::setup_remaining(&staff, state.config.auth.staff_totp_required);
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
pub fn setup_required(remaining: &[SetupStep]) -> AppError {
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

/// Where tokens are verified: the app's keys, at the app's time.
fn token_keys(state: &AppState) -> (&JwtKeys, DateTime<Utc>) {
    (&state.jwt, state.clock.now())
}
