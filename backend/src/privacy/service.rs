//! The rules of students' rights: agreeing to the notice, exporting one's data (limited and
//! audited), reading who looked at one's details. No HTTP here.

use chrono::Duration;
use serde_json::json;

use super::export;
use super::store;
use super::views::{self, AccessView, DataExport};
use crate::accounts::store as accounts;
use crate::context::Ctx;
use crate::db::{write_transaction, DbConnection};
use crate::error::{AppError, Text};
use crate::http::pagination::{Page, Window};
use crate::ratelimit;

/// The rate-limit bucket of data exports, per account.
const DATA_EXPORT: &str = "data_export";

/// Records the account's consent to the notice in force (`version` must be it). Agreeing again
/// to the same version records nothing new.
pub fn give_consent(
    conn: &mut DbConnection,
    ctx: &Ctx,
    account_id: &str,
    version: Option<&str>,
) -> Result<(), AppError> {
    super::check_version(version, "version").map_err(|e| AppError::validation(vec![e]))?;
    let now = ctx.ts();
    write_transaction(conn, |conn| {
        let account = accounts::get(conn, account_id)?;
        if super::is_current(account.consent_version.as_deref()) {
            return Ok(());
        }
        accounts::give_consent(conn, account_id, super::NOTICE_VERSION, now)?;
        crate::accounts::service::audit_own(
            conn,
            ctx,
            account_id,
            "consent.given",
            Some(json!({"consent_version": account.consent_version})),
            Some(json!({"consent_version": super::NOTICE_VERSION})),
        )?;
        Ok(())
    })
}

/// The file format of an export (for the audit log).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Html,
}

impl Format {
    fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Html => "html",
        }
    }
}

/// Everything the portal holds about the account's owner. At most
/// `APP_DATA_EXPORTS_PER_HOUR` per account in any hour (counted under a guard, so parallel
/// requests cannot pass together); each export is audited (`personal_data_exported`) in the same
/// transaction that counts it.
pub fn export(
    conn: &mut DbConnection,
    ctx: &Ctx,
    account_id: &str,
    format: Format,
) -> Result<DataExport, AppError> {
    let now = ctx.ts();
    let limit = ctx.config.records.data_exports_per_hour;
    write_transaction(conn, |conn| {
        ratelimit::guard(conn, DATA_EXPORT, account_id)?;
        if let Some(wait) = ratelimit::window_exceeded(
            conn,
            DATA_EXPORT,
            account_id,
            limit,
            Duration::hours(1),
            now,
        )? {
            return Err(AppError::too_many_requests(
                "too_many_exports",
                Text::new(
                    format!("每小时最多下载 {limit} 次“我的数据”，请稍后再试。"),
                    format!("At most {limit} data downloads an hour; try again later."),
                ),
                wait,
            ));
        }
        ratelimit::record(conn, DATA_EXPORT, account_id, now)?;
        let data = export::build(conn, account_id, ctx.now)?;
        crate::accounts::service::audit_own(
            conn,
            ctx,
            account_id,
            "personal_data_exported",
            None,
            Some(json!({"format": format.as_str()})),
        )?;
        Ok(data)
    })
}

/// One page of the staff looks at the student's full details, newest first.
pub fn access_history(
    conn: &mut DbConnection,
    account_id: &str,
    window: Window,
) -> Result<Page<AccessView>, AppError> {
    let account = accounts::get(conn, account_id)?;
    let (subject, _, _) = export::subject_of(conn, &account)?;
    let (events, total) = store::reads_about(conn, &subject, Some(window))?;
    let ids: Vec<String> = events
        .iter()
        .filter_map(|e| e.content.actor_id.clone())
        .collect();
    let places = store::staff_places(conn, &ids)?;
    Ok(window.page_of(
        events
            .into_iter()
            .map(|e| views::access_view(e, &places))
            .collect(),
        total,
    ))
}
