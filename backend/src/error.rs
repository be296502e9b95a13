//! The one error type of the API, rendered as RFC 9457 problem details (`application/problem+json`).
//!
//! Handlers and services return `Result<T, AppError>`. Build errors with the small constructors
//! (`AppError::not_found(...)`, `AppError::validation(...)`, …); every error carries a stable
//! machine `code` and a message in Chinese and English. Internal causes are logged, never sent.
//! The problem middleware of the HTTP layer picks the language, adds the request id and renders
//! the body; this module knows nothing of HTTP servers.

use std::borrow::Cow;
use std::fmt;

use ::http::header::{self, HeaderName};
use ::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use crate::rules::message::{FieldError, Lang, Text};

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An RFC 9457 problem details body, as sent to clients.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:xuexin:problem:validation_failed",
    "title": "请求内容未通过校验",
    "status": 422,
    "detail": "提交的内容有误，请按提示修改标出的字段。",
    "code": "validation_failed",
    "errors": [{"field": "email", "code": "email_invalid", "message": "请输入有效的电子邮箱地址。"}],
    "instance": "/api/v1/accounts",
    "request_id": "3f1c2a9e-6f4b-4d8e-9b1a-2f5c7d8e9a0b"
}))]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:xuexin:problem:{code}`.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// A short summary of the HTTP status.
    pub title: String,
    /// The HTTP status code, repeated for convenience.
    pub status: u16,
    /// What went wrong, for people (Chinese, or English with `Accept-Language: en`).
    pub detail: String,
    /// A stable machine-readable code, e.g. `email_taken`; clients branch on this.
    pub code: String,
    /// For validation failures: every field that is wrong, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
    /// The request path this problem arose on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// The request id (also in the `X-Request-Id` header), for support and logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// A field-level error inside a [`Problem`].
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProblemField {
    /// The field, as named in the request (a JSON property, query parameter or CSV column).
    pub field: String,
    /// A stable machine-readable code for the rule the value broke.
    pub code: String,
    /// What is wrong and how to fix it, for people.
    pub message: String,
}

/// The error type of every handler and service.
pub struct AppError {
    status: StatusCode,
    code: Cow<'static, str>,
    detail: Text,
    errors: Vec<FieldError>,
    headers: Vec<(HeaderName, String)>,
    cause: Option<anyhow::Error>,
}

impl AppError {
    /// An error with an explicit status, code and message.
    pub fn new(status: StatusCode, code: impl Into<Cow<'static, str>>, detail: Text) -> Self {
        Self {
            status,
            code: code.into(),
            detail,
            errors: Vec::new(),
            headers: Vec::new(),
            cause: None,
        }
    }

    /// 400: the request could not be understood (malformed syntax, bad parameter).
    pub fn bad_request(code: impl Into<Cow<'static, str>>, detail: Text) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, detail)
    }

    /// 401: no valid credentials.
    pub fn unauthorized(code: impl Into<Cow<'static, str>>, detail: Text) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, detail)
    }

    /// 403: authenticated, but this is outside the caller's role.
    pub fn forbidden(code: impl Into<Cow<'static, str>>, detail: Text) -> Self {
        Self::new(StatusCode::FORBIDDEN, code, detail)
    }

    /// 404: nothing there (also for things outside the caller's scope).
    pub fn not_found(code: impl Into<Cow<'static, str>>, detail: Text) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, detail)
    }

    /// 409: the request conflicts with what is stored (taken, out of order, already done).
    pub fn conflict(code: impl Into<Cow<'static, str>>, detail: Text) -> Self {
        Self::new(StatusCode::CONFLICT, code, detail)
    }

    /// 422: the body was understood but values break the rules; one entry per bad field.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let mut e = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Text::new(
                "提交的内容有误，请按提示修改标出的字段。",
                "Some fields are not valid; see `errors` for each one.",
            ),
        );
        e.errors = errors;
        e
    }

    /// 429: too many attempts; the client may retry after `retry_after_secs`.
    pub fn too_many_requests(
        code: impl Into<Cow<'static, str>>,
        detail: Text,
        retry_after_secs: u64,
    ) -> Self {
        Self::new(StatusCode::TOO_MANY_REQUESTS, code, detail)
            .with_header(header::RETRY_AFTER, retry_after_secs.max(1).to_string())
    }

    /// 405: the path exists but not with this method; `allowed` goes into the `Allow` header.
    pub fn method_not_allowed(allowed: &[&str]) -> Self {
        Self::from_status(StatusCode::METHOD_NOT_ALLOWED)
            .with_header(header::ALLOW, allowed.join(", "))
    }

    /// Adds a response header (e.g. `Retry-After`, `Allow`).
    pub fn with_header(mut self, name: HeaderName, value: String) -> Self {
        self.headers.push((name, value));
        self
    }

    /// 503: the database cannot be reached right now.
    pub fn database_unavailable(cause: impl Into<anyhow::Error>) -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "database_unavailable",
            Text::new(
                "服务暂时不可用，请稍后再试。",
                "The service is temporarily unavailable; try again later.",
            ),
        )
        .with_cause(cause)
    }

    /// 503: the server is at capacity for this kind of work; the client may retry after
    /// `retry_after_secs`.
    pub fn server_busy(retry_after_secs: u64) -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "server_busy",
            Text::new(
                "服务器繁忙，请稍后再试。",
                "The server is busy; try again in a moment.",
            ),
        )
        .with_header(header::RETRY_AFTER, retry_after_secs.max(1).to_string())
    }

    /// 500: a bug or an unexpected failure; the cause is logged, the client sees a generic message.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            Text::new(
                "服务器内部错误，请稍后再试。",
                "Internal server error; please try again later.",
            ),
        )
        .with_cause(cause)
    }

    /// Keeps the underlying cause for the logs.
    pub fn with_cause(mut self, cause: impl Into<anyhow::Error>) -> Self {
        self.cause = Some(cause.into());
        self
    }

    /// Adds one field error (for errors other than [`AppError::validation`] that concern a field).
    pub fn with_field(mut self, error: FieldError) -> Self {
        self.errors.push(error);
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The extra response headers (`Retry-After`, `Allow`, …).
    pub fn headers(&self) -> &[(HeaderName, String)] {
        &self.headers
    }

    /// The stable machine code.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The field errors.
    pub fn field_errors(&self) -> &[FieldError] {
        &self.errors
    }

    /// The logged cause, if any.
    pub fn cause(&self) -> Option<&anyhow::Error> {
        self.cause.as_ref()
    }

    /// The problem details body in `lang`.
    pub fn to_problem(&self, lang: Lang) -> Problem {
        Problem {
            type_uri: format!("urn:xuexin:problem:{}", self.code),
            title: status_title(self.status, lang).to_owned(),
            status: self.status.as_u16(),
            detail: self.detail.get(lang).to_owned(),
            code: self.code.to_string(),
            errors: self
                .errors
                .iter()
                .map(|f| ProblemField {
                    field: f.field.to_string(),
                    code: f.code.to_string(),
                    message: f.message.get(lang).to_owned(),
                })
                .collect(),
            instance: None,
            request_id: None,
        }
    }

    /// The generic problem for a bare status (used for errors raised outside our handlers).
    pub fn from_status(status: StatusCode) -> Self {
        let (code, detail) = match status.as_u16() {
            400 => (
                "bad_request",
                Text::new("请求格式不正确。", "The request is malformed."),
            ),
            401 => (
                "unauthorized",
                Text::new("请先登录。", "Authentication is required."),
            ),
            403 => (
                "forbidden",
                Text::new("您没有权限执行此操作。", "You are not allowed to do this."),
            ),
            404 => (
                "not_found",
                Text::new("请求的地址不存在。", "Nothing exists at this address."),
            ),
            405 => (
                "method_not_allowed",
                Text::new(
                    "该地址不支持此请求方法。",
                    "This method is not allowed here.",
                ),
            ),
            406 => (
                "not_acceptable",
                Text::new(
                    "无法按请求的格式返回内容。",
                    "The requested representation is not available.",
                ),
            ),
            408 => (
                "request_timeout",
                Text::new(
                    "请求超时，请重试。",
                    "The request took too long; try again.",
                ),
            ),
            411 => (
                "length_required",
                Text::new(
                    "请求缺少 Content-Length。",
                    "The request needs a Content-Length.",
                ),
            ),
            413 => (
                "payload_too_large",
                Text::new("提交的内容过大。", "The request body is too large."),
            ),
            414 => (
                "uri_too_long",
                Text::new("请求地址过长。", "The request URI is too long."),
            ),
            415 => (
                "unsupported_media_type",
                Text::new("不支持的内容类型。", "The content type is not supported."),
            ),
            416 => (
                "range_not_satisfiable",
                Text::new(
                    "请求的范围无效。",
                    "The requested range is not satisfiable.",
                ),
            ),
            429 => (
                "too_many_requests",
                Text::new(
                    "操作过于频繁，请稍后再试。",
                    "Too many requests; slow down.",
                ),
            ),
            503 => (
                "service_unavailable",
                Text::new(
                    "服务暂时不可用，请稍后再试。",
                    "The service is temporarily unavailable.",
                ),
            ),
            s if s >= 500 => (
                "internal_error",
                Text::new("服务器内部错误，请稍后再试。", "Internal server error."),
            ),
            _ => (
                "bad_request",
                Text::new("请求无法处理。", "The request cannot be processed."),
            ),
        };
        Self::new(status, code, detail)
    }
}

/// A short title per status, in `lang`.
fn status_title(status: StatusCode, lang: Lang) -> &'static str {
    let (zh, en) = match status.as_u16() {
        400 => ("请求格式错误", "Bad request"),
        401 => ("未登录或登录已失效", "Unauthorized"),
        403 => ("没有权限", "Forbidden"),
        404 => ("未找到", "Not found"),
        405 => ("请求方法不允许", "Method not allowed"),
        409 => ("与现有数据冲突", "Conflict"),
        413 => ("内容过大", "Payload too large"),
        415 => ("内容类型不支持", "Unsupported media type"),
        422 => ("请求内容未通过校验", "Validation failed"),
        429 => ("请求过于频繁", "Too many requests"),
        503 => ("服务暂时不可用", "Service unavailable"),
        s if s >= 500 => ("服务器错误", "Server error"),
        _ => ("请求无法处理", "Request not processed"),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

impl fmt::Debug for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppError")
            .field("status", &self.status.as_u16())
            .field("code", &self.code)
            .field("errors", &self.errors)
            .field("cause", &self.cause)
            .finish()
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.detail.en
        )?;
        if let Some(cause) = &self.cause {
            write!(f, " ({cause:#})")?;
        }
        Ok(())
    }
}

impl std::error::Error for AppError {}

/// Whether a database error is a unique-index violation (a conflict a caller may name).
pub fn is_unique_violation(e: &diesel::result::Error) -> bool {
    matches!(
        e,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}

/// Whether a database error is PostgreSQL refusing a NUL byte in text.
fn is_nul_in_text(message: &str) -> bool {
    message.contains("invalid byte sequence") && message.contains("0x00")
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => Self::not_found(
                "not_found",
                Text::new("请求的记录不存在。", "The record does not exist."),
            ),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => Self::conflict(
                "already_exists",
                Text::new(
                    "该记录已存在。",
                    "A record with these details already exists.",
                ),
            )
            .with_cause(e),
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => {
                Self::database_unavailable(e)
            }
            // PostgreSQL text cannot hold NUL (SQLite's can): input that carries one, in a query
            // parameter or a JSON string, is refused as bad input rather than failing as a 500.
            Error::DatabaseError(_, ref info) if is_nul_in_text(info.message()) => {
                Self::bad_request(
                    "invalid_characters",
                    Text::new(
                        "提交的内容含有不允许的控制字符（NUL）。",
                        "The input contains a character that is not allowed (NUL).",
                    ),
                )
                .with_cause(e)
            }
            other => Self::internal(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_problem_lists_every_field_in_the_chosen_language() {
        let e = AppError::validation(vec![
            FieldError::new(
                "email",
                "email_invalid",
                Text::new("邮箱无效", "Invalid email"),
            ),
            FieldError::new(
                "password",
                "password_too_short",
                Text::new("密码太短", "Too short"),
            ),
        ]);
        let p = e.to_problem(Lang::En);
        assert_eq!(p.status, 422);
        assert_eq!(p.code, "validation_failed");
        assert_eq!(p.type_uri, "urn:xuexin:problem:validation_failed");
        assert_eq!(p.errors.len(), 2);
        assert_eq!(p.errors[1].field, "password");
        assert_eq!(p.errors[1].message, "Too short");
        assert_eq!(e.to_problem(Lang::Zh).errors[0].message, "邮箱无效");
    }

    #[test]
    fn internal_causes_are_kept_out_of_the_body() {
        let e = AppError::internal(anyhow::anyhow!("secret table xyz exploded"));
        let body = serde_json::to_string(&e.to_problem(Lang::En)).unwrap();
        assert!(!body.contains("xyz"), "{body}");
        assert!(
            e.to_string().contains("xyz"),
            "the cause stays available for the logs"
        );
    }

    #[test]
    fn unique_violations_become_conflicts() {
        let db_err = diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            Box::new("duplicate key".to_string()),
        );
        assert_eq!(AppError::from(db_err).status(), StatusCode::CONFLICT);
        let nul = diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::Unknown,
            Box::new("invalid byte sequence for encoding \"UTF8\": 0x00".to_string()),
        );
        assert_eq!(AppError::from(nul).status(), StatusCode::BAD_REQUEST);
    }
}
