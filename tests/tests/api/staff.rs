//! Staff sessions with roles, and the CSV import API that only platform admins may use.

use reqwest::Method;
use serde_json::{json, Value};
use xuexin::staff::Role;
use xuexin_tests::flows::PASSWORD;
use xuexin_tests::{api_test, problem, TestApp};

async fn upload(
    app: &TestApp,
    token: &str,
    path: &str,
    csv: &str,
    content_type: &str,
) -> reqwest::Response {
    app.authed(Method::POST, path, token)
        .header("content-type", content_type)
        .body(csv.to_owned())
        .send()
        .await
        .unwrap()
}

api_test!(
    async fn staff_log_in_with_their_role_and_scope_and_log_out(app) {
        let token = app.staff_token(Role::ProvincialReviewer, "Reviewer@Example.cn", None, Some("51")).await;
        let me: Value = app.authed(Method::GET, "/api/v1/staff/me", &token).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["email"], "reviewer@example.cn");
        assert_eq!(me["role"], "provincial_reviewer");
        assert_eq!(me["province_code"], "51");
        assert_eq!(problem(app.post("/api/v1/staff/sessions", json!({"email": "reviewer@example.cn", "password": "WrongPass1"})).await, 401).await["code"], "invalid_credentials");

        let res = app.authed(Method::DELETE, "/api/v1/staff/sessions/current", &token).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 204);
        let res = app.authed(Method::GET, "/api/v1/staff/me", &token).send().await.unwrap();
        assert_eq!(problem(res, 401).await["code"], "session_revoked");
    }
);

api_test!(
    async fn a_platform_admin_imports_csv_through_the_api(app) {
        let admin = app.staff_token(Role::PlatformAdmin, "admin@example.cn", None, None).await;
        let schools = "code,name,province_code\n20001,测试大学,11\n";
        let res = upload(&app, &admin, "/api/v1/imports/schools?dry_run=true", schools, "text/csv").await;
        let report: Value = res.json().await.unwrap();
        assert_eq!((report["rows"].as_u64(), report["imported"].as_u64(), report["dry_run"].as_bool()), (Some(1), Some(0), Some(true)));
        let report: Value = upload(&app, &admin, "/api/v1/imports/schools", schools, "text/csv; charset=utf-8").await.json().await.unwrap();
        assert_eq!(report["imported"], 1);

        let bad = "certificate_no,school_code,name,id_number,major,level,study_form,graduation_date\n1,20001,Li,110105194912310021,x,本科,普通全日制,2020-07-01\n";
        let report: Value = upload(&app, &admin, "/api/v1/imports/degrees", bad, "text/csv").await.json().await.unwrap();
        assert_eq!(report["imported"], 0);
        let fields: Vec<&str> = report["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["name", "id_number"]);
        assert_eq!(report["errors"][0]["line"], 2);

        assert_eq!(problem(upload(&app, &admin, "/api/v1/imports/schools", schools, "application/json").await, 415).await["code"], "unsupported_media_type");
        assert_eq!(problem(upload(&app, &admin, "/api/v1/imports/photos", schools, "text/csv").await, 404).await["code"], "not_found");
    }
);

api_test!(with &[("APP_IMPORT_MAX_BYTES", "2048")],
    async fn an_import_larger_than_the_limit_is_refused(app) {
        let admin = app.staff_token(Role::PlatformAdmin, "admin@example.cn", None, None).await;
        let big = format!("code,name,province_code\n{}", "20001,测试大学,11\n".repeat(200));
        assert_eq!(problem(upload(&app, &admin, "/api/v1/imports/schools", &big, "text/csv").await, 413).await["code"], "payload_too_large");
    }
);

api_test!(
    async fn only_platform_admins_may_import(app) {
        let support = app.staff_token(Role::Support, "support@example.cn", None, None).await;
        let csv = "code,name,province_code\n20001,测试大学,11\n";
        assert_eq!(problem(upload(&app, &support, "/api/v1/imports/schools", csv, "text/csv").await, 403).await["code"], "outside_role");
        app.active_account("student@example.cn").await;
        let student = app.session("student@example.cn").await["access_token"].as_str().unwrap().to_owned();
        assert_eq!(problem(upload(&app, &student, "/api/v1/imports/schools", csv, "text/csv").await, 401).await["code"], "token_wrong_kind");
        let staff_on_student_api = app.authed(Method::GET, "/api/v1/me", &support).send().await.unwrap();
        assert_eq!(problem(staff_on_student_api, 401).await["code"], "token_wrong_kind");
        let _ = PASSWORD;
    }
);
