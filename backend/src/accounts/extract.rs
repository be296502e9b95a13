//! The student extractors. A handler that takes a `CurrentUser` cannot run for anyone who is not
//! logged in with a live session (and agreed to the notice in force); one that takes a
//! `RegistrationUser` runs only for an activated account that has not finished registering.

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use chrono::{DateTime, NaiveDateTime, Utc};
use futures_util::future::LocalBoxFuture;

use super::consent::is_current;
use super::store::{self, LiveAccount};
use super::AccountStatus;
use crate::auth::extract::authenticate;
use crate::auth::jwt::{token_invalid, JwtKeys, TokenKind};
use crate::auth::CurrentUser;
use crate::db::{timestamp, DbConnection};
use crate::error::{AppError, Text};
use crate::state::AppState;

/// An account in the middle of registration (activated, not yet complete).
#[derive(Debug, Clone)]
pub struct RegistrationUser {
    pub account_id: String,
    /// The SHA-256 of the registration token presented (to give it up with 退出注册).
    pub token_hash: String,
    /// When that token expires (seconds since the epoch).
    pub token_expires_at: i64,
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

/// A student's verified access token whose session is not checked yet: a handler that takes it
/// checks the session with [`StudentToken::check`] on the connection of its own queries, so the
/// request checks out one pooled connection instead of two.
pub struct StudentToken {
    state: web::Data<AppState>,
    session_id: String,
    account_id: String,
    now: NaiveDateTime,
}

impl StudentToken {
    /// The logged-in student who agreed to the notice in force: the checks of the
    /// [`CurrentUser`] extractor, run on `conn`.
    pub fn check(&self, conn: &mut DbConnection) -> Result<CurrentUser, AppError> {
        Ok(self.check_with_identity(conn)?.0)
    }

    /// [`StudentToken::check`], with the account's name and ID number read in the same query
    /// (for a handler whose next query looks records up by them).
    pub fn check_with_identity(
        &self,
        conn: &mut DbConnection,
    ) -> Result<(CurrentUser, Option<(String, String)>), AppError> {
        let (user, account) = self.session(conn)?;
        if !is_current(account.consent_version.as_deref()) {
            return Err(consent_required());
        }
        Ok((user, account.identity()))
    }

    /// The student of the live session (read on every request, so a logout or a disabled account
    /// takes effect at once on every instance) and what the request needs of their account:
    /// one query joining the session and its account.
    fn session(&self, conn: &mut DbConnection) -> Result<(CurrentUser, LiveAccount), AppError> {
        let account = store::live_session(conn, &self.session_id, &self.account_id, self.now)?;
        let Some(account) = account else {
            return Err(AppError::unauthorized(
                "session_revoked",
                Text::new(
                    "登录已失效（可能已退出登录或修改了密码），请重新登录。",
                    "This session has ended; log in again.",
                ),
            ));
        };
        let user = CurrentUser {
            account_id: self.account_id.clone(),
            session_id: self.session_id.clone(),
        };
        Ok((user, account))
    }
}

/// The request's student access token, verified (no database read).
fn student_token(req: &HttpRequest) -> Result<StudentToken, AppError> {
    let (state, claims, _) = authenticate(req, TokenKind::Access, token_keys)?;
    let session_id = claims.sid.ok_or_else(token_invalid)?;
    let now = timestamp(state.clock.now());
    Ok(StudentToken {
        state,
        session_id,
        account_id: claims.sub,
        now,
    })
}

/// The student of a live session and the notice version their account agreed to.
fn student_session(
    req: &HttpRequest,
) -> LocalBoxFuture<'static, Result<(CurrentUser, Option<String>), AppError>> {
    let token = student_token(req);
    Box::pin(async move {
        let token = token?;
        let db = token.state.db.clone();
        db.run(move |conn| token.session(conn))
            .await
            .map(|(user, account)| (user, account.consent_version))
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

impl FromRequest for StudentToken {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(student_token(req))
    }
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = student_token(req);
        Box::pin(async move {
            let token = token?;
            let db = token.state.db.clone();
            db.run(move |conn| token.check(conn)).await
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
                consent_required: !is_current(consent.as_deref()),
            })
        })
    }
}

impl FromRequest for RegistrationUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let authenticated = authenticate(req, TokenKind::Registration, token_keys);
        Box::pin(async move {
            let (state, claims, token_hash) = authenticated?;
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
                Some(s) if s == AccountStatus::Activated.as_str() => Ok(RegistrationUser {
                    account_id,
                    token_hash,
                    token_expires_at: claims.exp,
                }),
                Some(s) if s == AccountStatus::Active.as_str() => Err(AppError::conflict(
                    "registration_complete",
                    Text::new(
                        "注册已经完成，请直接登录。",
                        "The registration is already complete; log in.",
                    ),
                )),
                _ => Err(token_invalid()),
            }
        })
    }
}

/// Where tokens are verified: the app's keys, at the app's time.
fn token_keys(state: &AppState) -> (&JwtKeys, DateTime<Utc>) {
    (&state.jwt, state.clock.now())
}
