//! The OpenAPI document. Routes are registered through `utoipa-actix-web` in [`register`], which
//! collects each handler's `#[utoipa::path]` as it mounts it, so no route can exist without its
//! entry. [`document`] adds what every operation shares (problem responses, security, servers).

use utoipa::openapi::path::Operation;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as OpenApiDoc, Ref, RefOr};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::service_config::ServiceConfig;
use utoipa_actix_web::AppExt;

use crate::error::{Problem, ProblemField, PROBLEM_JSON};

/// The hand-written part of the document: metadata, tags and shared components.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Xuexin API",
        description = "The JSON API of Xuexin, an open higher-education student information portal \
(学籍学历信息服务): student accounts and real-name registration, enrollment and degree records, \
verification reports, and the staff tools that keep records right.\n\n\
Conventions: JSON in and out under `/api/v1`; timestamps are RFC 3339 in UTC; ids are opaque \
strings. Every error is an RFC 9457 problem details body (`application/problem+json`) with a \
stable machine `code` and, for validation failures, an `errors` list naming each field. Messages \
are in Chinese, or English with `Accept-Language: en`. Authenticated operations take \
`Authorization: Bearer <access token>`. Rate-limited operations answer 429 with `Retry-After`.",
        license(name = "MIT OR Apache-2.0"),
    ),
    servers((url = "/", description = "This server")),
    tags(
        (name = "accounts", description = "Registration, activation, password reset and change, the account itself."),
        (name = "sessions", description = "Login, token renewal and logout."),
        (name = "registration", description = "The steps after activation, with the registration token."),
        (name = "recovery", description = "找回账号: back into an account whose mailbox or phone is lost (no login needed)."),
        (name = "records", description = "Enrollment and degree records, verification reports and degree checks."),
        (name = "staff", description = "Staff sessions and staff accounts. Every staff operation states the roles it admits \
(403 `outside_role` for others); a school admin sees only their school and a provincial reviewer only their \
province's schools (404 for anything outside, so as not to reveal it exists)."),
        (name = "school", description = "The school's 在校生 module: search, qualification checks, revocations (school admins)."),
        (name = "corrections", description = "Change requests: schools propose corrections of enrollment records, provincial reviewers decide."),
        (name = "support", description = "The support desk: student accounts, their real-name details, lockouts (support agents)."),
        (name = "images", description = "Image collation (图像校对): the photo agency's batches and the school's module (image operators, school admins)."),
        (name = "photos", description = "The student's photos: the photo on a record, \"没照片，找找看\", reports to the school."),
        (name = "privacy", description = "Students' rights: the privacy notice and consent, 我的数据 (everything held about the student) and who looked at their details."),
        (name = "audit", description = "The append-only, hash-chained audit log (platform admins)."),
        (name = "imports", description = "Bulk CSV imports of schools, enrollments and degrees (platform admins)."),
        (name = "health", description = "Liveness and database reachability."),
        (name = "dev", description = "Development helpers; present only with `APP_ENV=dev`."),
    ),
    components(schemas(Problem, ProblemField)),
    modifiers(&BearerAuth),
)]
struct ApiDoc;

/// Declares the bearer-token scheme that authenticated operations refer to as `bearer`.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "A student's access token from `POST /api/v1/sessions`; the registration steps take the \
registration token from activation instead.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "staff",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "A staff member's access token from `POST /api/v1/staff/sessions`.",
                    ))
                    .build(),
            ),
        );
    }
}

/// Mounts every documented route. Each capability adds its routes here.
pub fn register(cfg: &mut ServiceConfig) {
    cfg.service(crate::health::routes::get_health);
    cfg.service(utoipa_actix_web::scope("/api/v1").configure(|api| {
        crate::accounts::routes::register_routes(api);
        crate::identity::routes::register_routes(api);
        crate::records::routes::register_routes(api);
        crate::dossier::routes::register_routes(api);
        crate::records::import_routes::register_routes(api);
        crate::staff::routes::register_routes(api);
        crate::staff::admin_routes::register_routes(api);
        crate::staff::session_routes::register_routes(api);
        crate::staff::security_routes::register_routes(api);
        crate::school::routes::register_routes(api);
        crate::corrections::routes::register_routes(api);
        crate::support::routes::register_routes(api);
        crate::recovery::routes::register_routes(api);
        crate::audit::routes::register_routes(api);
        crate::images::routes::register_routes(api);
        crate::images::student_routes::register_routes(api);
        crate::privacy::routes::register_routes(api);
        crate::dev::routes::register_routes(api);
    }));
}

/// GET searches whose filters (ID number, phone, email, names) put personal data into URLs, where
/// browser history and proxy logs keep it: deprecated for their `POST …/search` twins.
const PERSONAL_GET_SEARCHES: &[&str] = &[
    "/api/v1/schools/{school_code}/students",
    "/api/v1/support/accounts",
    "/api/v1/image-records",
];

/// The complete document, as served at `/api-docs/openapi.json` and committed as `openapi.yaml`.
pub fn document() -> OpenApiDoc {
    let (_, mut doc) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(register)
        .split_for_parts();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    for (path, item) in doc.paths.paths.iter_mut() {
        if let Some(get) = item
            .get
            .as_mut()
            .filter(|_| PERSONAL_GET_SEARCHES.contains(&&**path))
        {
            get.deprecated = Some(utoipa::openapi::Deprecated::True);
        }
        for op in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
        {
            add_shared_responses(op);
        }
    }
    doc
}

/// The document as YAML (the committed `openapi.yaml`).
pub fn to_yaml() -> String {
    document()
        .to_yaml()
        .expect("the OpenAPI document serialises to YAML")
}

/// A problem+json response with `description`, referring to the shared `Problem` schema.
fn problem_response(description: &str) -> RefOr<utoipa::openapi::Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            PROBLEM_JSON,
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .into()
}

/// Every operation that reads a body can fail to parse it; every authenticated one can be
/// refused. Declaring these centrally keeps them consistent and impossible to forget.
fn add_shared_responses(op: &mut Operation) {
    let mut add = |status: &str, description: &str| {
        op.responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| problem_response(description));
    };
    let json_body = op.request_body.as_ref().is_some_and(|b| match b {
        RefOr::T(body) => body.content.contains_key("application/json"),
        RefOr::Ref(_) => true,
    });
    if json_body {
        add("400", "The body is not valid JSON (`malformed_json`).");
        add(
            "413",
            "The body is larger than the server accepts (`payload_too_large`).",
        );
        add(
            "415",
            "The body is not of the documented media type (`unsupported_media_type`).",
        );
        add(
            "422",
            "Values break the rules (`validation_failed`); `errors` names each field.",
        );
    }
    let has_query = op.parameters.iter().flatten().any(|p| {
        matches!(p, RefOr::T(p) if matches!(p.parameter_in, utoipa::openapi::path::ParameterIn::Query))
    });
    if has_query {
        add(
            "400",
            "A query parameter is not of its documented type or one of its values (`invalid_query`).",
        );
    }
    let schemes: Vec<String> = op
        .security
        .iter()
        .flatten()
        .filter_map(|req| serde_json::to_value(req).ok())
        .filter_map(|v| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()))
        .flatten()
        .collect();
    if schemes.iter().any(|s| s == "staff") {
        add(
            "401",
            "The staff token is missing (`unauthorized`), not valid (`token_invalid`), expired (`token_expired`: \
log in again; staff sessions are not renewed), not a staff token (`token_wrong_kind`), or its session has ended \
(`session_revoked`: logged out, ended from the sessions list, unused for `APP_STAFF_SESSION_IDLE_MINS`, or the \
account was disabled).",
        );
    } else if !schemes.is_empty() {
        add(
            "401",
            "The bearer token is missing (`unauthorized`), not valid (`token_invalid`), expired (`token_expired`: \
renew it with the refresh token), of the wrong kind (`token_wrong_kind`: an access token where the registration \
token is needed, or the reverse), or its session has ended (`session_revoked`).",
        );
    }
    if op.security.is_none() {
        // Explicitly public, rather than silently inheriting a default.
        op.security = Some(Vec::new());
    }
}

#[cfg(test)]
mod tests {
    use actix_web::http::Method;

    use super::*;
    use crate::http::known_routes::KnownRoutes;

    #[test]
    fn a_documented_path_with_another_method_lists_the_allowed_ones() {
        let routes = KnownRoutes::from_openapi(&document());
        assert_eq!(
            routes.allowed_other_than("/health", &Method::POST),
            Some(vec!["GET", "HEAD"])
        );
        assert_eq!(routes.allowed_other_than("/health", &Method::GET), None);
        assert_eq!(routes.allowed_other_than("/nothing", &Method::POST), None);
    }
}
