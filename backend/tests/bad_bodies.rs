//! The extractor settings every route gets: a JSON body that is malformed, of the wrong type, too
//! large or missing fields becomes a problem+json 4xx naming the rule (no JSON route exists yet in
//! the foundation, so a probe route is mounted with the app's real extractor config and middleware).

use actix_web::middleware::from_fn;
use actix_web::{test, web, App, HttpResponse};
use serde::Deserialize;
use serde_json::Value;
use xuexin::http::{extractors, problem, request_id};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Probe {
    email: String,
    count: u32,
}

async fn probe(_body: web::Json<Probe>) -> HttpResponse {
    HttpResponse::NoContent().finish()
}

async fn send(req: test::TestRequest) -> (u16, Option<String>, Value) {
    let app = test::init_service(
        App::new()
            .configure(|cfg| extractors::configure(cfg, 1024))
            .route("/probe", web::post().to(probe))
            .wrap(from_fn(problem::finalize))
            .wrap(from_fn(request_id::assign)),
    )
    .await;
    let res = test::call_service(
        &app,
        req.uri("/probe")
            .method(actix_web::http::Method::POST)
            .to_request(),
    )
    .await;
    let status = res.status().as_u16();
    let content_type = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = test::read_body(res).await;
    (
        status,
        content_type,
        serde_json::from_slice(&body).unwrap_or(Value::Null),
    )
}

fn json_request(body: &str) -> test::TestRequest {
    test::TestRequest::default()
        .insert_header(("content-type", "application/json"))
        .set_payload(body.to_owned())
}

#[actix_web::test]
async fn a_well_formed_body_passes() {
    let (status, _, _) = send(json_request(r#"{"email":"a@b.cn","count":1}"#)).await;
    assert_eq!(status, 204);
}

#[actix_web::test]
async fn malformed_json_is_400_malformed_json() {
    let (status, content_type, body) = send(json_request(r#"{"email": "a@b.cn", "#)).await;
    assert_eq!(status, 400);
    assert_eq!(content_type.as_deref(), Some("application/problem+json"));
    assert_eq!(body["code"], "malformed_json");
    assert!(body["request_id"].is_string());
}

#[actix_web::test]
async fn a_wrong_content_type_is_415() {
    let req = test::TestRequest::default()
        .insert_header(("content-type", "text/plain"))
        .set_payload(r#"{"email":"a@b.cn","count":1}"#);
    let (status, content_type, body) = send(req).await;
    assert_eq!(status, 415);
    assert_eq!(content_type.as_deref(), Some("application/problem+json"));
    assert_eq!(body["code"], "unsupported_media_type");
}

#[actix_web::test]
async fn an_oversized_body_is_413() {
    let big = format!(r#"{{"email":"{}","count":1}}"#, "a".repeat(4096));
    let (status, _, body) = send(json_request(&big)).await;
    assert_eq!(status, 413);
    assert_eq!(body["code"], "payload_too_large");
}

#[actix_web::test]
async fn a_missing_field_is_422_naming_the_field() {
    let (status, _, body) = send(json_request(r#"{"email":"a@b.cn"}"#)).await;
    assert_eq!(status, 422);
    assert_eq!(body["code"], "validation_failed");
    assert_eq!(body["errors"][0]["field"], "count");
}

#[actix_web::test]
async fn an_unknown_field_is_422_naming_the_field() {
    let (status, _, body) =
        send(json_request(r#"{"email":"a@b.cn","count":1,"admin":true}"#)).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["field"], "admin");
}

#[actix_web::test]
async fn a_value_of_the_wrong_type_is_422() {
    let (status, _, body) = send(json_request(r#"{"email":"a@b.cn","count":"many"}"#)).await;
    assert_eq!(status, 422);
    assert_eq!(body["code"], "validation_failed");
}
