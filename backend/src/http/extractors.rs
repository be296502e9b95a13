//! Limits and error mapping for actix's extractors, so a malformed body, a wrong content type or
//! an oversized request becomes a precise problem+json error instead of actix's text default.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::web::{JsonConfig, PathConfig, PayloadConfig, QueryConfig};
use actix_web::HttpRequest;

use crate::error::{AppError, FieldError, Text};

/// Extractor settings for the whole app: JSON bodies up to `json_limit` bytes.
pub fn configure(cfg: &mut actix_web::web::ServiceConfig, json_limit: usize) {
    cfg.app_data(
        JsonConfig::default()
            .limit(json_limit)
            .error_handler(json_error),
    )
    .app_data(PayloadConfig::default().limit(json_limit))
    .app_data(QueryConfig::default().error_handler(query_error))
    .app_data(PathConfig::default().error_handler(path_error));
}

fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let app = match &err {
        JsonPayloadError::ContentType => AppError::new(
            actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            Text::new(
                "请求内容必须是 JSON（Content-Type: application/json）。",
                "The body must be JSON (Content-Type: application/json).",
            ),
        ),
        JsonPayloadError::Overflow { limit }
        | JsonPayloadError::OverflowKnownLength { limit, .. } => AppError::new(
            actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            Text::new(
                format!("提交的内容过大，最多 {limit} 字节。"),
                format!("The body is too large; at most {limit} bytes are accepted."),
            ),
        ),
        JsonPayloadError::Deserialize(e) if e.is_data() => {
            let (field, message) = describe_data_error(&e.to_string());
            AppError::validation(vec![FieldError::new(field, "invalid_value", message)])
        }
        JsonPayloadError::Deserialize(e) => AppError::bad_request(
            "malformed_json",
            Text::new(
                format!(
                    "请求内容不是有效的 JSON（第 {} 行第 {} 列）。",
                    e.line(),
                    e.column()
                ),
                format!(
                    "The body is not valid JSON (line {}, column {}).",
                    e.line(),
                    e.column()
                ),
            ),
        ),
        _ => AppError::bad_request(
            "unreadable_body",
            Text::new("无法读取请求内容。", "The request body could not be read."),
        ),
    };
    app.with_cause(anyhow::anyhow!("{err}")).into()
}

/// Names the field that serde complained about, where its message says which one.
fn describe_data_error(message: &str) -> (String, Text) {
    let quoted = message.split('`').nth(1).map(str::to_owned);
    if message.starts_with("missing field") {
        let field = quoted.unwrap_or_else(|| "body".into());
        let text = Text::new(
            format!("缺少必填字段 {field}。"),
            format!("The field `{field}` is required."),
        );
        return (field, text);
    }
    if message.starts_with("unknown field") {
        let field = quoted.unwrap_or_else(|| "body".into());
        let text = Text::new(
            format!("不认识的字段 {field}。"),
            format!("The field `{field}` is not recognised."),
        );
        return (field, text);
    }
    (
        "body".into(),
        Text::new(
            format!("字段的类型或取值不正确：{message}"),
            format!("A value has the wrong type: {message}"),
        ),
    )
}

fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let raw = err.to_string();
    let message = raw
        .strip_prefix("Query deserialize error: ")
        .unwrap_or(&raw)
        .to_owned();
    let zh = describe_query_error(&message);
    AppError::bad_request(
        "invalid_query",
        Text::new(
            format!("查询参数不正确：{zh}"),
            format!("Invalid query parameters: {message}"),
        ),
    )
    .into()
}

/// The serde message of a bad query parameter, in Chinese where it has a known form.
fn describe_query_error(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (value, allowed) = rest.split_once(", expected one of ").unwrap_or((rest, ""));
        return format!(
            "{value} 不是允许的取值（可选：{}）",
            allowed.replace('`', "")
        );
    }
    if message.starts_with("invalid digit") || message.contains("invalid digit") {
        return "页码、条数等应为正整数".to_owned();
    }
    if message.contains("provided string was not `true` or `false`") {
        return "是/否类参数应为 true 或 false".to_owned();
    }
    message.to_owned()
}

fn path_error(err: PathError, _req: &HttpRequest) -> actix_web::Error {
    AppError::from_status(actix_web::http::StatusCode::NOT_FOUND)
        .with_cause(anyhow::anyhow!("{err}"))
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_errors_read_in_chinese() {
        assert_eq!(
            describe_query_error("unknown variant `bogus`, expected one of `在籍`, `休学`"),
            "`bogus` 不是允许的取值（可选：在籍, 休学）"
        );
        assert_eq!(
            describe_query_error("invalid digit found in string"),
            "页码、条数等应为正整数"
        );
    }

    #[test]
    fn serde_messages_name_the_missing_or_unknown_field() {
        assert_eq!(
            describe_data_error("missing field `email` at line 1 column 2").0,
            "email"
        );
        assert_eq!(
            describe_data_error("unknown field `mail`, expected `email`").0,
            "mail"
        );
        assert_eq!(
            describe_data_error("invalid type: integer `1`, expected a string").0,
            "body"
        );
    }
}
