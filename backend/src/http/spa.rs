//! Serves the built SPA at `/`, falling back to `index.html` for client-side routes.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::{guard, web, HttpResponse};

use crate::error::AppError;
use crate::http::known_routes::KnownRoutes;

/// Mounts the SPA from `dir`; when it has not been built, `/` explains how to build it.
pub fn configure(cfg: &mut web::ServiceConfig, dir: &Path) {
    let index = dir.join("index.html");
    if index.is_file() {
        cfg.service(
            Files::new("/", dir)
                // Other methods skip the files entirely and reach the default service below.
                .guard(guard::Any(guard::Get()).or(guard::Head()))
                .index_file("index.html")
                .default_handler(fn_service(move |req: ServiceRequest| {
                    let index = index.clone();
                    async move { fallback(req, index).await }
                })),
        );
        cfg.default_service(fn_service(|req: ServiceRequest| async move {
            Ok(not_found(req))
        }));
    } else {
        tracing::warn!(dir = %dir.display(), "the SPA is not built; `/` shows a notice (run `make run`)");
        cfg.default_service(fn_service(|req: ServiceRequest| async move {
            if wants_page(&req) {
                let page = HttpResponse::ServiceUnavailable()
                    .content_type("text/html; charset=utf-8")
                    .body(NOT_BUILT_PAGE);
                return Ok(req.into_response(page));
            }
            Ok(not_found(req))
        }));
    }
}

/// A browser navigating to a client-side route (GET of an HTML page, not a missing asset file).
fn wants_page(req: &ServiceRequest) -> bool {
    let method_ok = req.method() == Method::GET || req.method() == Method::HEAD;
    let accepts_html = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    let last_segment = req.path().rsplit('/').next().unwrap_or("");
    method_ok && accepts_html && !last_segment.contains('.')
}

async fn fallback(
    req: ServiceRequest,
    index: PathBuf,
) -> Result<ServiceResponse, actix_web::Error> {
    if !wants_page(&req) {
        return Ok(not_found(req));
    }
    let (http_req, _) = req.into_parts();
    let mut res = NamedFile::open(&index)?.into_response(&http_req);
    // The shell must be re-validated so a new deployment's assets are picked up at once.
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-cache"),
    );
    Ok(ServiceResponse::new(http_req, res))
}

/// A problem+json answer for anything that is neither a route nor a page: 405 for a known path
/// with the wrong method, else 404.
pub fn not_found(req: ServiceRequest) -> ServiceResponse {
    let err = unmatched(req.request());
    req.error_response(err)
}

/// The error for a request that no route took.
pub fn unmatched(req: &actix_web::HttpRequest) -> AppError {
    let allowed = req
        .app_data::<web::Data<KnownRoutes>>()
        .and_then(|routes| routes.allowed_other_than(req.path(), req.method()));
    match allowed {
        Some(methods) => AppError::method_not_allowed(&methods),
        None => AppError::from_status(actix_web::http::StatusCode::NOT_FOUND),
    }
}

const NOT_BUILT_PAGE: &str = r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>学信网 · 前端尚未构建</title></head>
<body>
<h1>前端尚未构建</h1>
<p>服务器已启动，但没有找到构建好的前端页面（<code>APP_SPA_DIR</code>）。请在项目根目录运行 <code>make run</code>，它会先构建前端再启动服务。</p>
<p>The API is up, but the SPA has not been built. Run <code>make run</code>. API docs: <a href="/docs/">/docs/</a></p>
</body></html>"#;
