//! Searches by personal data (ID number, phone, email, names) take their filters in a POST body,
//! so they stay out of URLs (browser history, proxy logs); the GET forms are deprecated.

use reqwest::Method;
use serde_json::{json, Value};
use xuexin::staff::Role;
use xuexin_tests::{api_test, problem, TestApp};

use crate::images::{batch, jpeg, operator, school, uploaded, WANG};

const DEMO: &[(&str, &str)] = &[("APP_DEMO_DATA", "true")];

/// POSTs `body` to `path` with `token`, asserts 200 and returns the page.
async fn search(app: &TestApp, path: &str, token: &str, body: Value) -> Value {
    let res = app.send(Method::POST, path, token, body).await;
    assert_eq!(res.status().as_u16(), 200, "{path}");
    res.json().await.unwrap()
}

/// The `field` of each item of `page`.
fn each(page: &Value, field: &str) -> Vec<Value> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i[field].clone())
        .collect()
}

api_test!(with DEMO,
    async fn the_school_finds_students_and_photos_by_filters_in_the_body(app) {
        let (school, op) = (school(&app).await, operator(&app).await);
        let students = "/api/v1/schools/10001/students/search";
        let by_id = search(&app, students, &school, json!({"id_number": WANG})).await;
        assert_eq!((by_id["total"].as_u64(), each(&by_id, "id_number")), (Some(1), vec![json!(WANG)]));
        assert_eq!(by_id, app.get_ok(&format!("/api/v1/schools/10001/students?id_number={WANG}"), &school).await, "the same answer as the GET");
        assert_eq!(each(&search(&app, students, &school, json!({"q": WANG})).await, "id_number"), vec![json!(WANG)]);
        let none = search(&app, students, &school, json!({"id_number": WANG, "status": "注销"})).await;
        assert_eq!(none["total"], 0);
        let one = search(&app, students, &school, json!({"per_page": 1, "page": 2})).await;
        assert_eq!((one["per_page"].as_u64(), one["page"].as_u64(), one["items"].as_array().unwrap().len()), (Some(1), Some(2), 1));
        let p = problem(app.send(Method::POST, students, &school, json!({"page": 0})).await, 422).await;
        assert_eq!(p["code"], "validation_failed");
        let p = problem(app.send(Method::POST, "/api/v1/schools/10003/students/search", &school, json!({})).await, 404).await;
        assert_eq!(p["code"], "school_not_found");

        uploaded(&app, &op, batch(&[&format!("a.jpg,北京大学,王晓明,{WANG},2026-06-01")], &[("a.jpg", &jpeg(70))])).await;
        let images = "/api/v1/image-records/search";
        let found = search(&app, images, &school, json!({"id_number": WANG})).await;
        assert_eq!((each(&found, "name"), each(&found, "linked")), (vec![json!("王晓明")], vec![json!(false)]));
        assert_eq!(search(&app, images, &school, json!({"name": "王晓明", "linked": true})).await["total"], 0);
        assert_eq!(search(&app, images, &school, json!({"name": "王晓明", "linked": false})).await["total"], 1);
        let p = problem(app.send(Method::POST, images, &school, json!({"school_code": "10003"})).await, 404).await;
        assert_eq!(p["code"], "school_not_found");
        let res = app.authed(Method::POST, images, &school).header("content-type", "application/json").body("{\"id_number\":").send().await.unwrap();
        assert_eq!(problem(res, 400).await["code"], "malformed_json");
    }
);

api_test!(
    async fn support_finds_accounts_by_filters_in_the_body(app) {
        app.student("wxm@example.cn", "王小明", WANG).await;
        let support = app.staff_token(Role::Support, "desk@example.cn", None, None).await;
        let accounts = "/api/v1/support/accounts/search";
        let by_email = search(&app, accounts, &support, json!({"email": "WXM@example.cn"})).await;
        assert_eq!((each(&by_email, "email"), each(&by_email, "id_number")), (vec![json!("wxm@example.cn")], vec![json!(WANG)]));
        assert_eq!(search(&app, accounts, &support, json!({"id_number": WANG})).await["total"], 1);
        assert_eq!(search(&app, accounts, &support, json!({"email": "nobody@example.cn"})).await["total"], 0);
        let p = problem(app.send(Method::POST, accounts, &support, json!({})).await, 422).await;
        assert_eq!(p["errors"][0]["code"], "lookup_required");
        let p = problem(app.send(Method::POST, accounts, &support, json!({"phone": "12"})).await, 422).await;
        assert_eq!(p["errors"][0]["field"], "phone");
    }
);

api_test!(
    async fn the_get_searches_with_personal_filters_are_deprecated(app) {
        let doc: Value = app.get("/api-docs/openapi.json").await.json().await.unwrap();
        for (get, post) in [
            ("/api/v1/schools/{school_code}/students", "/api/v1/schools/{school_code}/students/search"),
            ("/api/v1/support/accounts", "/api/v1/support/accounts/search"),
            ("/api/v1/image-records", "/api/v1/image-records/search"),
        ] {
            assert_eq!(doc["paths"][get]["get"]["deprecated"], true, "{get}");
            assert_eq!(doc["paths"][post]["post"].get("deprecated"), None, "{post}");
            assert!(doc["paths"][post]["post"]["requestBody"]["content"]["application/json"].is_object(), "{post}");
        }
        let deprecated: Vec<String> = doc["paths"].as_object().unwrap().iter()
            .flat_map(|(path, item)| item.as_object().unwrap().iter().filter(|(_, op)| op["deprecated"] == true).map(move |(m, _)| format!("{m} {path}")))
            .collect();
        assert_eq!(deprecated.len(), 3, "{deprecated:?}");
    }
);
