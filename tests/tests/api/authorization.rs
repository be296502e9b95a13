//! The authorization matrix: every staff operation called by every role, by staff of another
//! school or province, without a token and with a student's token, each cell with the exact
//! status. The table is checked against the live OpenAPI document, so an operation added without
//! its row fails this test.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{json, Value};
use xuexin::staff::Role;
use xuexin_tests::{api_test, TestApp};

/// Who calls, in the order of the matrix's columns.
const CALLERS: [&str; 10] = [
    "anonymous",
    "student",
    "platform_admin",
    "school_admin",
    "school_admin_other_school",
    "reviewer",
    "reviewer_other_province",
    "support",
    "image_operator",
    "school_admin_other_province",
];

/// One row: the documented operation, the concrete request, and the status for each caller.
struct Row {
    method: Method,
    template: &'static str,
    path: String,
    body: Option<Value>,
    csv: bool,
    zip: bool,
    expect: [u16; 10],
}

fn row(
    method: Method,
    template: &'static str,
    path: String,
    body: Option<Value>,
    expect: [u16; 10],
) -> Row {
    Row {
        method,
        template,
        path,
        body,
        csv: false,
        zip: false,
        expect,
    }
}

api_test!(with &[("APP_DEMO_DATA", "true")],
    async fn every_staff_operation_answers_each_role_and_scope_exactly(app) {
        // 北京大学 (10001) and 清华大学 (10003) are in province 11, 复旦大学 (10246) in 31.
        let student = app.student("matrix@example.cn", "王小明", "11019920050314011X").await;
        let mut tokens = vec![String::new(), student];
        tokens.push(app.staff_token(Role::PlatformAdmin, "m-admin@example.cn", None, None).await);
        tokens.push(app.staff_token(Role::SchoolAdmin, "m-pku@example.cn", Some("10001"), None).await);
        tokens.push(app.staff_token(Role::SchoolAdmin, "m-thu@example.cn", Some("10003"), None).await);
        tokens.push(app.staff_token(Role::ProvincialReviewer, "m-bj@example.cn", None, Some("11")).await);
        tokens.push(app.staff_token(Role::ProvincialReviewer, "m-sh@example.cn", None, Some("31")).await);
        tokens.push(app.staff_token(Role::Support, "m-support@example.cn", None, None).await);
        tokens.push(app.staff_token(Role::ImageOperator, "m-photo@example.cn", None, None).await);
        tokens.push(app.staff_token(Role::SchoolAdmin, "m-fudan@example.cn", Some("10246"), None).await);
        let (pku, reviewer) = (&tokens[3], &tokens[5]);

        // Fixtures: a 北京大学 record, a change request of it that is already closed (so the
        // decisions below change nothing), a student account, a staff account.
        let record = app.find_enrollment(pku, "10001", "11019920050314011X").await;
        let e = record["id"].as_str().unwrap().to_owned();
        let res = app.send(Method::POST, &format!("/api/v1/enrollments/{e}/change-requests"), pku, json!({"changes": {"major": "软件工程"}, "reason": "专业录入错误"})).await;
        assert_eq!(res.status().as_u16(), 201);
        let cr = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
        let res = app.send(Method::POST, &format!("/api/v1/change-requests/{cr}/reject"), reviewer, json!({"reason": "请附证明"})).await;
        assert_eq!(res.status().as_u16(), 200);
        let account = app.get_ok("/api/v1/support/accounts?email=matrix@example.cn", &tokens[7]).await["items"][0]["id"].as_str().unwrap().to_owned();
        let staff_id = app.get_ok("/api/v1/staff/accounts?role=image_operator", &tokens[2]).await["items"][0]["id"].as_str().unwrap().to_owned();
        // A photo of the 北京大学 record, a batch, and a student's report about the record.
        let photo = xuexin::images::photo::synthetic(480, 640, 7, image::ImageFormat::Jpeg);
        let zip = {
            use std::io::Write;
            let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            w.start_file("manifest.csv", zip::write::SimpleFileOptions::default()).unwrap();
            w.write_all("file,school_name,name,id_number,captured_on\na.jpg,北京大学,王小明,11019920050314011X,2026-06-01\n".as_bytes()).unwrap();
            w.start_file("a.jpg", zip::write::SimpleFileOptions::default()).unwrap();
            w.write_all(&photo).unwrap();
            w.finish().unwrap().into_inner()
        };
        let res = app.authed(Method::POST, "/api/v1/image-batches", &tokens[8]).header("content-type", "application/zip").body(zip).send().await.unwrap();
        let batch = res.json::<Value>().await.unwrap()["batch_id"].as_str().unwrap().to_owned();
        let image_id = app.get_ok("/api/v1/image-records", pku).await["items"][0]["id"].as_str().unwrap().to_owned();
        let res = app.send(Method::POST, "/api/v1/me/collation-requests", &tokens[1], json!({"kind": "wrong_photo", "enrollment_id": e})).await;
        assert_eq!(res.status().as_u16(), 201);
        let report = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();

        //                     anon student admin  pku  thu  bj   sh   supp photo fudan
        let all_staff: [u16; 10] = [401, 401, 200, 200, 200, 200, 200, 200, 200, 200];
        let school = |ok: u16| [401, 401, 403, ok, 404, 403, 403, 403, 403, 404];
        let parties = |ok: u16| [401, 401, 403, ok, 404, ok, 404, 403, 403, 404];
        let review = |ok: u16| [401, 401, 403, 403, 403, ok, 404, 403, 403, 403];
        let support = |ok: u16| [401, 401, 403, 403, 403, 403, 403, ok, 403, 403];
        let admin = |ok: u16| [401, 401, ok, 403, 403, 403, 403, 403, 403, 403];
        let photos = |ok: u16| [401, 401, 403, 403, 403, 403, 403, 403, ok, 403];
        let any_school = |ok: u16| [401, 401, 403, ok, ok, 403, 403, 403, 403, ok];
        let mut rows = vec![
            row(Method::GET, "/api/v1/staff/me", "/api/v1/staff/me".into(), None, all_staff),
            row(Method::GET, "/api/v1/schools/{school_code}/students", "/api/v1/schools/10001/students".into(), None, school(200)),
            row(Method::POST, "/api/v1/schools/{school_code}/students/search", "/api/v1/schools/10001/students/search".into(), Some(json!({})), school(200)),
            row(Method::GET, "/api/v1/enrollments/{id}", format!("/api/v1/enrollments/{e}"), None, parties(200)),
            row(Method::POST, "/api/v1/enrollments/{id}/change-requests", format!("/api/v1/enrollments/{e}/change-requests"), Some(json!({"changes": {}, "reason": ""})), school(422)),
            row(Method::POST, "/api/v1/enrollments/{id}/qualification-check", format!("/api/v1/enrollments/{e}/qualification-check"), Some(json!({"result": "confirmed"})), school(409)),
            row(Method::POST, "/api/v1/enrollments/{id}/revocation", format!("/api/v1/enrollments/{e}/revocation"), Some(json!({"reason": ""})), school(422)),
            row(Method::GET, "/api/v1/change-requests", "/api/v1/change-requests".into(), None, [401, 401, 403, 200, 200, 200, 200, 403, 403, 200]),
            row(Method::GET, "/api/v1/change-requests/{id}", format!("/api/v1/change-requests/{cr}"), None, parties(200)),
            row(Method::POST, "/api/v1/change-requests/{id}/approve", format!("/api/v1/change-requests/{cr}/approve"), None, review(409)),
            row(Method::POST, "/api/v1/change-requests/{id}/reject", format!("/api/v1/change-requests/{cr}/reject"), Some(json!({"reason": "x"})), review(409)),
            row(Method::POST, "/api/v1/change-requests/{id}/withdraw", format!("/api/v1/change-requests/{cr}/withdraw"), Some(json!({})), school(409)),
            row(Method::GET, "/api/v1/support/accounts", "/api/v1/support/accounts?email=matrix@example.cn".into(), None, support(200)),
            row(Method::POST, "/api/v1/support/accounts/search", "/api/v1/support/accounts/search".into(), Some(json!({"email": "matrix@example.cn"})), support(200)),
            row(Method::GET, "/api/v1/support/accounts/{id}", format!("/api/v1/support/accounts/{account}"), None, support(200)),
            row(Method::PATCH, "/api/v1/support/accounts/{id}/identity", format!("/api/v1/support/accounts/{account}/identity"), Some(json!({"name": "", "id_number": ""})), support(422)),
            row(Method::POST, "/api/v1/support/accounts/{id}/identity/detach", format!("/api/v1/support/accounts/{account}/identity/detach"), Some(json!({})), support(422)),
            row(Method::POST, "/api/v1/support/accounts/{id}/unlock", format!("/api/v1/support/accounts/{account}/unlock"), Some(json!({})), support(200)),
            row(Method::POST, "/api/v1/support/accounts/{id}/activation-email", format!("/api/v1/support/accounts/{account}/activation-email"), None, support(409)),
            row(Method::POST, "/api/v1/support/accounts/{id}/recovery", format!("/api/v1/support/accounts/{account}/recovery"), Some(json!({"evidence_kind": ""})), support(422)),
            row(Method::GET, "/api/v1/audit-events", "/api/v1/audit-events".into(), None, admin(200)),
            row(Method::GET, "/api/v1/staff/accounts", "/api/v1/staff/accounts".into(), None, admin(200)),
            row(Method::POST, "/api/v1/staff/accounts", "/api/v1/staff/accounts".into(), Some(json!({"email": "x", "password": "x", "role": "support"})), admin(422)),
            row(Method::PATCH, "/api/v1/staff/accounts/{id}", format!("/api/v1/staff/accounts/{staff_id}"), Some(json!({"disabled": false})), admin(200)),
            row(Method::GET, "/api/v1/staff/sessions", "/api/v1/staff/sessions".into(), None, all_staff),
            row(Method::DELETE, "/api/v1/staff/sessions/{id}", "/api/v1/staff/sessions/no-such-session".into(), None, [401, 401, 404, 404, 404, 404, 404, 404, 404, 404]),
            row(Method::GET, "/api/v1/staff/accounts/{id}/sessions", format!("/api/v1/staff/accounts/{staff_id}/sessions"), None, admin(200)),
            // Without a reason, so the image operator's session used by this matrix stays live.
            row(Method::DELETE, "/api/v1/staff/accounts/{id}/sessions", format!("/api/v1/staff/accounts/{staff_id}/sessions"), Some(json!({"reason": ""})), admin(422)),
            row(Method::DELETE, "/api/v1/staff/accounts/{id}/sessions/{session_id}", format!("/api/v1/staff/accounts/{staff_id}/sessions/no-such-session"), Some(json!({"reason": ""})), admin(422)),
            row(Method::POST, "/api/v1/staff/accounts/{id}/second-factor/reset", format!("/api/v1/staff/accounts/{staff_id}/second-factor/reset"), Some(json!({})), admin(422)),
            // Every staff member's own account security (the setup steps answer during setup too).
            row(Method::PUT, "/api/v1/staff/me/password", "/api/v1/staff/me/password".into(), Some(json!({"current_password": "", "new_password": ""})), all_staff.map(|s| if s == 200 { 422 } else { s })),
            row(Method::POST, "/api/v1/staff/me/second-factor", "/api/v1/staff/me/second-factor".into(), Some(json!({"code": "000000"})), all_staff.map(|s| if s == 200 { 409 } else { s })),
            row(Method::POST, "/api/v1/staff/me/second-factor/enrolment", "/api/v1/staff/me/second-factor/enrolment".into(), None, all_staff),
            row(Method::POST, "/api/v1/staff/me/second-factor/recovery-codes", "/api/v1/staff/me/second-factor/recovery-codes".into(), Some(json!({"code": "000000"})), all_staff.map(|s| if s == 200 { 409 } else { s })),
            row(Method::DELETE, "/api/v1/staff/me/second-factor", "/api/v1/staff/me/second-factor".into(), Some(json!({"password": "x", "code": "000000"})), all_staff.map(|s| if s == 200 { 409 } else { s })),
            Row { csv: true, ..row(Method::POST, "/api/v1/imports/{kind}", "/api/v1/imports/schools?dry_run=true".into(), None, admin(200)) },
            Row { zip: true, ..row(Method::POST, "/api/v1/image-batches", "/api/v1/image-batches".into(), None, photos(422)) },
            row(Method::GET, "/api/v1/image-batches", "/api/v1/image-batches".into(), None, photos(200)),
            row(Method::GET, "/api/v1/image-batches/{id}", format!("/api/v1/image-batches/{batch}"), None, photos(200)),
            row(Method::GET, "/api/v1/image-records", "/api/v1/image-records".into(), None, any_school(200)),
            row(Method::POST, "/api/v1/image-records/search", "/api/v1/image-records/search".into(), Some(json!({})), any_school(200)),
            row(Method::GET, "/api/v1/image-records/{id}", format!("/api/v1/image-records/{image_id}"), None, school(200)),
            row(Method::GET, "/api/v1/image-records/{id}/photo", format!("/api/v1/image-records/{image_id}/photo"), None, school(200)),
            row(Method::PATCH, "/api/v1/image-records/{id}", format!("/api/v1/image-records/{image_id}"), Some(json!({"name": ""})), school(422)),
            row(Method::DELETE, "/api/v1/image-records/{id}", format!("/api/v1/image-records/{image_id}"), Some(json!({})), school(422)),
            row(Method::GET, "/api/v1/collation-requests", "/api/v1/collation-requests".into(), None, any_school(200)),
            row(Method::POST, "/api/v1/collation-requests/{id}/resolve", format!("/api/v1/collation-requests/{report}/resolve"), Some(json!({})), school(200)),
            row(Method::POST, "/api/v1/collation-requests/{id}/reject", format!("/api/v1/collation-requests/{report}/reject"), Some(json!({"note": "x"})), school(409)),
            // Last: it ends each caller's session.
            row(Method::DELETE, "/api/v1/staff/sessions/current", "/api/v1/staff/sessions/current".into(), None, [401, 401, 204, 204, 204, 204, 204, 204, 204, 204]),
        ];

        let documented = staff_operations(&app).await;
        let covered: BTreeSet<(String, String)> = rows.iter().map(|r| (r.method.as_str().to_lowercase(), r.template.to_owned())).collect();
        assert_eq!(documented, covered, "every staff operation needs a row in the matrix (left: documented, right: covered)");

        let mut failures = Vec::new();
        for r in rows.drain(..) {
            for (i, token) in tokens.iter().enumerate() {
                let mut req = app.client.request(r.method.clone(), app.url(&r.path));
                if !token.is_empty() {
                    req = req.bearer_auth(token);
                }
                req = match (&r.body, r.csv, r.zip) {
                    (_, true, _) => req.header("content-type", "text/csv").body("code,name,province_code\n20001,测试学院,11\n"),
                    (_, _, true) => req.header("content-type", "application/zip").body("not a zip"),
                    (Some(b), _, _) => req.json(b),
                    (None, _, _) => req,
                };
                let status = req.send().await.unwrap().status().as_u16();
                if status != r.expect[i] {
                    failures.push(format!("{} {} as {}: {} (expected {})", r.method, r.template, CALLERS[i], status, r.expect[i]));
                }
            }
        }
        assert!(failures.is_empty(), "authorization matrix mismatches:\n{}", failures.join("\n"));
    }
);

/// The (method, path) of every operation the live document secures with the staff scheme.
async fn staff_operations(app: &TestApp) -> BTreeSet<(String, String)> {
    let doc: Value = app
        .get("/api-docs/openapi.json")
        .await
        .json()
        .await
        .unwrap();
    let mut ops = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let staff = op["security"]
                .as_array()
                .is_some_and(|s| s.iter().any(|r| r.get("staff").is_some()));
            if staff {
                ops.insert((method.clone(), path.clone()));
            }
        }
    }
    ops
}
