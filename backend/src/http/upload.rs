//! Raw-body uploads (a CSV import, a ZIP of photos): the media type checked, the body spooled to
//! a temporary file within a size limit, so a large upload is read from disk, never held whole.

use std::io::Write;

use actix_web::http::header;
use actix_web::{web, HttpRequest};
use futures_util::StreamExt;

use crate::error::{AppError, Text};

/// 415 unless the request's media type is one of `accepted`; `what` names the file for people.
pub fn require_media_type(
    req: &HttpRequest,
    accepted: &[&str],
    what: Text,
) -> Result<(), AppError> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let media = content_type.split(';').next().unwrap_or("").trim();
    if accepted.iter().any(|a| media.eq_ignore_ascii_case(a)) {
        return Ok(());
    }
    Err(AppError::new(
        actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        what,
    ))
}

/// Writes the body to a temporary file: 413 past `limit` bytes, 400 when the upload breaks off.
pub async fn spool(
    mut body: web::Payload,
    limit: u64,
) -> Result<tempfile::NamedTempFile, AppError> {
    let mut file = tempfile::NamedTempFile::new().map_err(AppError::internal)?;
    let mut size = 0u64;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| {
            AppError::bad_request(
                "unreadable_body",
                Text::new("无法读取上传的文件。", "The upload could not be read."),
            )
            .with_cause(anyhow::anyhow!("{e}"))
        })?;
        size += chunk.len() as u64;
        if size > limit {
            return Err(AppError::new(
                actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                Text::new(
                    format!("文件过大，最多 {limit} 字节。"),
                    format!("The file is larger than {limit} bytes."),
                ),
            ));
        }
        file.write_all(&chunk).map_err(AppError::internal)?;
    }
    file.flush().map_err(AppError::internal)?;
    Ok(file)
}
