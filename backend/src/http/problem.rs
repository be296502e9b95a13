//! Makes every error response a problem+json body in the client's language, carrying the
//! request path and id — including errors that actix raises itself (unknown route, wrong method,
//! unreadable body), which would otherwise be empty or plain text.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, HttpResponse, ResponseError};

use crate::error::{AppError, Lang, Problem, PROBLEM_JSON};
use crate::http::request_id::RequestId;

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        self.status()
    }

    /// Renders the Chinese body; the problem middleware re-renders it with the request's
    /// language, path and id.
    fn error_response(&self) -> HttpResponse {
        render(self, self.to_problem(Lang::Zh))
    }
}

/// Builds the HTTP response for `error` with the given body.
pub fn render(error: &AppError, problem: Problem) -> HttpResponse {
    let mut res = HttpResponse::build(error.status());
    res.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)));
    for (name, value) in error.headers() {
        if let Ok(value) = HeaderValue::from_str(value) {
            res.insert_header((name.clone(), value));
        }
    }
    res.body(serde_json::to_vec(&problem).unwrap_or_default())
}

/// The middleware (wrap with `actix_web::middleware::from_fn`, inside the request-id one).
pub async fn finalize(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let lang = Lang::from_accept_language(
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    // Handler and extractor errors arrive as responses carrying their error; an `Err` here can
    // only come from a middleware further in, and actix renders it through `ResponseError`.
    let res = next.call(req).await?.map_into_boxed_body();
    if res.status().as_u16() < 400 {
        return Ok(res);
    }

    let response_error = res.response().error();
    let ours = response_error.and_then(|e| e.as_error::<AppError>());
    // A handler's deliberate JSON body (e.g. the health answer with 503) is left alone; only
    // errors and bodiless actix defaults are rewritten.
    let deliberate_body =
        response_error.is_none() && res.headers().contains_key(header::CONTENT_TYPE);
    if deliberate_body {
        return Ok(res);
    }
    let fallback;
    let error = match ours {
        Some(e) => e,
        None => {
            // actix's own misses (router, static files) become our 404, or 405 with `Allow`.
            fallback = match res.status().as_u16() {
                404 | 405 => crate::http::spa::unmatched(res.request()),
                _ => AppError::from_status(res.status()),
            };
            &fallback
        }
    };
    if let Some(cause) = error.cause() {
        if res.status().is_server_error() {
            tracing::error!(
                code = error.code(),
                cause = format!("{cause:#}"),
                "request failed"
            );
        } else {
            tracing::warn!(
                code = error.code(),
                cause = format!("{cause:#}"),
                "request refused"
            );
        }
    }
    let mut problem = error.to_problem(lang);
    problem.instance = Some(res.request().path().to_owned());
    problem.request_id = res
        .request()
        .extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone());

    let rendered: HttpResponse = render(error, problem);
    let (req, original) = res.into_parts();
    let mut rendered = rendered.map_into_boxed_body();
    // Keep headers the original set on purpose (e.g. `Allow` on 405), but none that described
    // the body being replaced.
    let body_headers = [
        header::CONTENT_TYPE,
        header::CONTENT_LENGTH,
        header::CONTENT_ENCODING,
        header::TRANSFER_ENCODING,
    ];
    for (name, value) in original.headers() {
        if !body_headers.contains(name) && !rendered.headers().contains_key(name) {
            rendered.headers_mut().insert(name.clone(), value.clone());
        }
    }
    Ok(ServiceResponse::new(req, rendered))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Text;

    #[test]
    fn rate_limit_errors_carry_retry_after() {
        let e = AppError::too_many_requests("slow_down", Text::new("慢点", "Slow down"), 60);
        let res = e.error_response();
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(res.headers().get(header::RETRY_AFTER).unwrap(), "60");
        assert_eq!(
            res.headers().get(header::CONTENT_TYPE).unwrap(),
            PROBLEM_JSON
        );
    }
}
