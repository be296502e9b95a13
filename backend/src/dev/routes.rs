//! `GET /api/v1/dev/outbox` and the `/dev/mailbox` page.

use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use validator::Validate;

use crate::accounts::emails::escape;
use crate::db::utc;
use crate::error::{AppError, Problem};
use crate::outbox::store::{self, Message};
use crate::rules::email;
use crate::state::AppState;
use crate::validation::check;

/// Mounts the documented dev routes (under `/api/v1`); they answer 404 outside dev.
pub fn register_routes(cfg: &mut ServiceConfig) {
    cfg.service(dev_outbox);
}

/// Filters of the dev outbox.
#[derive(Debug, Deserialize, IntoParams, Validate)]
pub struct OutboxQuery {
    /// Only messages to this address: an email (any case) or a phone number (`+86` optional).
    #[validate(length(max = 254, code = "too_long"))]
    pub to: Option<String>,
    /// At most this many, newest first (1–200, default 50).
    // Past the `int32` the contract declares it is refused rather than silently read as 200.
    #[validate(range(
        max = 2147483647,
        code = "limit_out_of_range",
        message = "数量应在 1 到 200 之间。|limit must be from 1 to 200."
    ))]
    pub limit: Option<u32>,
}

/// One message the dev transports kept.
#[derive(Debug, Serialize, ToSchema)]
pub struct DevMessage {
    pub id: String,
    /// `email` or `sms`.
    pub channel: String,
    /// The normalised address: a lower-case email or 11 bare digits.
    pub to: String,
    pub subject: Option<String>,
    /// The plain text, with the activation/reset link or the SMS code in it.
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// Messages, newest first.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"items": [{"id": "5d0f…", "channel": "email", "to": "li.ming@example.cn", "subject": "【学信网 · Xuexin】请激活您的账号", "body": "…http://127.0.0.1:8080/activate?token=…", "created_at": "2026-09-01T08:00:00Z"}]}))]
pub struct DevOutbox {
    pub items: Vec<DevMessage>,
}

/// The address form stored in the outbox: lower-case email, or 11 digits without `+86`.
pub fn normalize_recipient(raw: &str) -> String {
    let raw = raw.trim();
    if raw.contains('@') {
        return email::normalize(raw);
    }
    let digits: String = raw.chars().filter(|c| c.is_ascii_digit()).collect();
    match digits.strip_prefix("86") {
        Some(rest) if rest.len() == 11 => rest.to_owned(),
        _ => digits,
    }
}

fn not_in_dev() -> AppError {
    AppError::from_status(actix_web::http::StatusCode::NOT_FOUND)
}

/// The messages the query asks for (at most `default` when it names no limit), only in dev.
async fn load(
    state: &AppState,
    query: &OutboxQuery,
    default: u32,
) -> Result<Vec<Message>, AppError> {
    if !state.config.is_dev() {
        return Err(not_in_dev());
    }
    check(query)?;
    let limit = query.limit.unwrap_or(default).clamp(1, 200);
    let to = query
        .to
        .as_deref()
        .map(normalize_recipient)
        .filter(|t| !t.is_empty());
    state
        .db
        .run(move |conn| Ok(store::newest(conn, to.as_deref(), i64::from(limit))?))
        .await
}

/// Lists what the dev transports kept.
#[utoipa::path(
    tag = "dev",
    operation_id = "get_dev_outbox",
    summary = "Dev outbox (development only)",
    description = "Every email and SMS the `dev` transports kept, newest first, so that tests and \
developers can read activation links, reset links and SMS codes. Exists only with `APP_ENV=dev`; \
answers 404 in production.",
    params(OutboxQuery),
    responses(
        (status = 200, description = "The messages.", body = DevOutbox),
        (status = 400, description = "`invalid_query`: a parameter has the wrong type.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`: not in dev.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `limit` past the 32-bit range (`limit_out_of_range`).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/dev/outbox")]
pub async fn dev_outbox(
    state: web::Data<AppState>,
    query: web::Query<OutboxQuery>,
) -> Result<HttpResponse, AppError> {
    let messages = load(&state, &query, 50).await?;
    let items = messages
        .into_iter()
        .map(|m| DevMessage {
            id: m.id,
            channel: m.channel,
            to: m.recipient,
            subject: m.subject,
            body: m.body_text,
            created_at: utc(m.created_at),
        })
        .collect();
    Ok(HttpResponse::Ok().json(DevOutbox { items }))
}

/// The dev mailbox page (mounted only in dev).
pub async fn mailbox(
    state: web::Data<AppState>,
    query: web::Query<OutboxQuery>,
) -> Result<HttpResponse, AppError> {
    let messages = load(&state, &query, 100).await?;
    let filter = query.to.as_deref().unwrap_or_default();
    let mut rows = String::new();
    for m in &messages {
        let kind = if m.channel == "sms" {
            "短信"
        } else {
            "邮件"
        };
        let when = utc(m.created_at)
            .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8"))
            .format("%Y-%m-%d %H:%M:%S");
        rows.push_str(&format!(
            "<article><header><span class=\"kind\">{kind}</span> <strong>{to}</strong> <time>{when}</time></header>\
<h2>{subject}</h2><pre>{body}</pre></article>",
            to = escape(&m.recipient),
            subject = escape(m.subject.as_deref().unwrap_or("（无标题）")),
            body = linkify(&escape(&m.body_text)),
        ));
    }
    if messages.is_empty() {
        rows.push_str(
            "<p class=\"empty\">还没有邮件或短信。注册一个账号后，激活邮件会出现在这里。</p>",
        );
    }
    let page = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>开发邮箱 · 学信网</title><style>{MAILBOX_CSS}</style></head><body><main>\
<h1>开发邮箱</h1><p class=\"note\">仅在开发环境（APP_ENV=dev）中存在：这里显示系统“发出”的全部邮件和短信，最新的在前。</p>\
<form method=\"get\"><label for=\"to\">收件人（邮箱或手机号）</label><div class=\"row\"><input id=\"to\" name=\"to\" value=\"{filter}\" autocomplete=\"off\"><button type=\"submit\">筛选</button></div></form>\
{rows}</main></body></html>",
        filter = escape(filter),
    );
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(page))
}

/// Turns `http(s)://…` runs in escaped text into links.
fn linkify(escaped: &str) -> String {
    let mut out = String::new();
    let mut rest = escaped;
    while let Some(start) = rest
        .find("http://")
        .into_iter()
        .chain(rest.find("https://"))
        .min()
    {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let end = tail
            .find(|c: char| c.is_whitespace() || c == '<')
            .unwrap_or(tail.len());
        let url = &tail[..end];
        out.push_str(&format!("<a href=\"{url}\">{url}</a>"));
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// The mailbox page's only styles; its Content-Security-Policy allows this text by hash.
pub const MAILBOX_CSS: &str = "body{margin:0;background:#f4f6f9;font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;color:#1f2933}\
main{max-width:46rem;margin:0 auto;padding:1rem}h1{font-size:1.4rem}.note{color:#52606d}\
form{margin:1rem 0}label{display:block;font-weight:600;margin-bottom:.25rem}.row{display:flex;gap:.5rem}\
input{flex:1;font-size:1rem;padding:.5rem;border:1px solid #9aa5b1;border-radius:4px}button{font-size:1rem;padding:.5rem 1rem;border:0;border-radius:4px;background:#0b5cad;color:#fff}\
article{background:#fff;border-radius:8px;padding:1rem;margin:1rem 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}\
article header{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;color:#52606d;font-size:.9rem}.kind{background:#e3f0ff;color:#0b5cad;border-radius:4px;padding:0 .4rem}\
h2{font-size:1.05rem;margin:.5rem 0}pre{white-space:pre-wrap;word-break:break-all;font-family:inherit;margin:0}a{color:#0b5cad}.empty{color:#52606d}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients_normalise_like_the_outbox() {
        assert_eq!(
            normalize_recipient(" Li.Ming@Example.CN "),
            "li.ming@example.cn"
        );
        assert_eq!(normalize_recipient("+86 138-0013-8000"), "13800138000");
        assert_eq!(normalize_recipient("8613800138000"), "13800138000");
        assert_eq!(normalize_recipient("13800138000"), "13800138000");
    }

    #[test]
    fn links_in_text_become_anchors() {
        assert_eq!(
            linkify("open http://a.b/x?t=1 now"),
            "open <a href=\"http://a.b/x?t=1\">http://a.b/x?t=1</a> now"
        );
    }
}
