//! Staff sessions a person can see and end: their own, and — for a platform admin, with a reason —
//! anyone's. Ending takes effect on the next request on every instance, because every request
//! checks its session in the database.

use serde_json::json;

use super::service::staff_not_found;
use super::store::{self, Session};
use crate::audit;
use crate::auth::session_limits::SessionLimits;
use crate::auth::StaffUser;
use crate::context::Ctx;
use crate::db::{write_transaction, DbConnection};
use crate::error::{AppError, Text};
use crate::rules::reason;

/// A live session, and whether it is the caller's own current one.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub session: Session,
    pub current: bool,
}

fn session_not_found() -> AppError {
    AppError::not_found(
        "session_not_found",
        Text::new(
            "没有找到这个登录设备（可能已经退出）。",
            "No such live session (it may have ended already).",
        ),
    )
}

fn live_of(
    conn: &mut DbConnection,
    ctx: &Ctx,
    caller: &StaffUser,
    staff_id: &str,
) -> Result<Vec<SessionInfo>, AppError> {
    let now = ctx.ts();
    let limits = SessionLimits::staff(&ctx.config.auth);
    let sessions = store::live_sessions_of(conn, staff_id, now, limits.idle_since(now))?;
    Ok(sessions
        .into_iter()
        .map(|session| SessionInfo {
            current: session.id == caller.session_id,
            session,
        })
        .collect())
}

/// The caller's own live sessions, most recently used first.
pub fn list_own(
    conn: &mut DbConnection,
    ctx: &Ctx,
    me: &StaffUser,
) -> Result<Vec<SessionInfo>, AppError> {
    live_of(conn, ctx, me, &me.staff_id)
}

/// The live sessions of any staff member (platform admins).
pub fn list_of(
    conn: &mut DbConnection,
    ctx: &Ctx,
    admin: &StaffUser,
    staff_id: &str,
) -> Result<Vec<SessionInfo>, AppError> {
    store::find_by_id(conn, staff_id)?.ok_or_else(staff_not_found)?;
    live_of(conn, ctx, admin, staff_id)
}

/// Ends one of the caller's own live sessions (another person's, or one already over, is 404);
/// audited.
pub fn end_own(
    conn: &mut DbConnection,
    ctx: &Ctx,
    me: &StaffUser,
    session_id: &str,
) -> Result<(), AppError> {
    end(conn, ctx, me, &me.staff_id, Some(session_id), None).map(|_| ())
}

/// A platform admin ends one live session (`Some(id)`) or all of them of a staff member, with a
/// required reason; audited. Returns how many ended.
pub fn end_of(
    conn: &mut DbConnection,
    ctx: &Ctx,
    admin: &StaffUser,
    staff_id: &str,
    session_id: Option<&str>,
    raw_reason: Option<&str>,
) -> Result<usize, AppError> {
    let why = reason::required(raw_reason, "reason").map_err(|e| AppError::validation(vec![e]));
    write_transaction(conn, |conn| {
        // The account is looked up before the reason is judged, so a 422 is never given for a
        // staff member who does not exist.
        store::find_by_id(conn, staff_id)?.ok_or_else(staff_not_found)?;
        if staff_id == admin.staff_id {
            // As with disabling or resetting oneself: one's own sessions are ended at 登录设备,
            // without a reason, and never all at once by a slip in the staff list.
            return Err(AppError::conflict(
                "cannot_end_own_sessions_here",
                Text::new(
                    "请在“登录设备”中管理您自己的登录。",
                    "End your own sessions under 登录设备 (/staff/sessions).",
                ),
            ));
        }
        let why = why?;
        end(conn, ctx, admin, staff_id, session_id, Some(&why))
    })
}

fn end(
    conn: &mut DbConnection,
    ctx: &Ctx,
    actor: &StaffUser,
    staff_id: &str,
    session_id: Option<&str>,
    why: Option<&str>,
) -> Result<usize, AppError> {
    write_transaction(conn, |conn| {
        let now = ctx.ts();
        let limits = SessionLimits::staff(&ctx.config.auth);
        let idle_since = limits.idle_since(now);
        let ended = store::revoke_sessions_of(conn, staff_id, session_id, now, idle_since)?;
        if let Some(id) = session_id {
            if ended == 0 {
                return Err(session_not_found());
            }
            audit::record(
                conn,
                &ctx.audit_key,
                now,
                audit::Event {
                    after: Some(json!({"session_id": id})),
                    reason: why,
                    ..audit::Event::by_staff(actor, ctx, "staff_session.ended", "staff", staff_id)
                },
            )?;
        } else {
            audit::record(
                conn,
                &ctx.audit_key,
                now,
                audit::Event {
                    after: Some(json!({"sessions_ended": ended})),
                    reason: why,
                    ..audit::Event::by_staff(
                        actor,
                        ctx,
                        "staff_session.ended_all",
                        "staff",
                        staff_id,
                    )
                },
            )?;
        }
        Ok(ended)
    })
}
