//! `POST /api/v1/imports/{kind}`: bulk CSV import for platform admins.

use actix_web::{post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use validator::Validate;

use super::import::{self, ImportReport, Kind};
use crate::auth::authorize::PlatformAdmins;
use crate::auth::Authorized;
use crate::error::{AppError, Problem, Text};
use crate::http::meta::RequestMeta;
use crate::http::upload;
use crate::state::AppState;

/// Mounts the import route (under `/api/v1`).
pub fn register_routes(cfg: &mut ServiceConfig) {
    cfg.service(import_csv);
}

/// What an import file holds.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportKindName {
    Schools,
    Enrollments,
    Degrees,
}

/// Raw file bytes in the contract: a photo, a thumbnail, a ZIP.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct CsvFile(pub Vec<u8>);

/// Options of an import.
#[derive(Debug, Deserialize, IntoParams, Validate)]
pub struct ImportQuery {
    /// Check every row and report, but write nothing.
    pub dry_run: Option<bool>,
}

/// Imports a CSV file.
#[utoipa::path(
    tag = "imports",
    operation_id = "import_csv",
    summary = "Import schools, enrollments or degrees from CSV (platform admin)",
    description = "The body is the UTF-8 CSV file itself (`Content-Type: text/csv`), header row first, with the \
documented columns in any order (see the README, \"The command line\"). Every row is checked first — names and ID \
numbers by the same rules as registration, vocabularies, sex and birth date against the ID number, schools \
against the database, duplicates within the file — and only a file without a single bad row is written, in one \
transaction; re-importing updates rows by their natural key. The answer lists every bad row with its line (the \
header is line 1), column and reason, up to 10,000. `?dry_run=true` checks without writing.",
    security(("staff" = [])),
    params(("kind" = inline(ImportKindName), Path, description = "What the file holds."), ImportQuery),
    request_body(content = inline(CsvFile), content_type = "text/csv", description = "The CSV file.",
        example = "code,name,province_code\n10001,北京大学,11\n"),
    responses(
        (status = 200, description = "Checked (and written unless `dry_run` or there were errors): see `imported` and `errors`.", body = ImportReport,
            example = json!({"rows": 2, "imported": 0, "dry_run": false, "errors": [{"line": 3, "field": "id_number", "reason": "身份证号校验位不正确，可能有数字输错了，请逐位核对。"}], "errors_truncated": false})),
        (status = 400, description = "`unreadable_body`: the upload broke off.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`outside_role`: platform admins only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`: no such kind.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`payload_too_large`: larger than `APP_IMPORT_MAX_BYTES`.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "`unsupported_media_type`: not `text/csv`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/imports/{kind}")]
pub async fn import_csv(
    state: web::Data<AppState>,
    meta: RequestMeta,
    user: Authorized<PlatformAdmins>,
    req: HttpRequest,
    kind: web::Path<String>,
    query: web::Query<ImportQuery>,
    body: web::Payload,
) -> Result<HttpResponse, AppError> {
    let kind = Kind::parse(&kind).ok_or_else(|| {
        AppError::not_found("not_found", Text::new("没有这种导入。", "No such import."))
    })?;
    upload::require_media_type(
        &req,
        &["text/csv"],
        Text::new(
            "请上传 CSV 文件（Content-Type: text/csv）。",
            "Send the CSV file itself (Content-Type: text/csv).",
        ),
    )?;
    // Spooled to disk: an import file may be far larger than what the server should hold in memory.
    let file = upload::spool(body, state.config.records.import_max_bytes).await?;
    let ctx = state.ctx(meta);
    let dry_run = crate::validation::valid(query.into_inner())?
        .dry_run
        .unwrap_or(false);
    let path = file.path().to_owned();
    let report: ImportReport = state
        .db
        .run(move |conn| {
            let _keep = file;
            let today = ctx
                .now
                .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8"))
                .date_naive();
            let report = import::import(
                conn,
                kind,
                || std::fs::File::open(&path).map(std::io::BufReader::new),
                dry_run,
                today,
                ctx.ts(),
                &|_| {},
            )
            .map_err(AppError::internal)?;
            if report.imported > 0 {
                crate::audit::record(
                    conn,
                    &ctx.audit_key,
                    ctx.ts(),
                    crate::audit::Event {
                        actor_id: Some(&user.staff_id),
                        actor_role: "platform_admin",
                        action: "records.imported",
                        target_type: "import",
                        target_id: &format!("{kind:?}").to_lowercase(),
                        after: Some(
                            serde_json::json!({"rows": report.rows, "imported": report.imported}),
                        ),
                        request_id: ctx.request_id.as_deref(),
                        ..Default::default()
                    },
                )?;
            }
            Ok(report)
        })
        .await?;
    Ok(HttpResponse::Ok().json(report))
}
