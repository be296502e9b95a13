//! The steps after activation: real name and ID number, SMS phone confirmation, completion.

use chrono::{Duration, NaiveDate};
use diesel::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};
use xuexin::db::schema::{enrollments, schools};
use xuexin_tests::flows::{synthetic_id_number, PASSWORD};
use xuexin_tests::{api_test, problem, wait_until, Engine, TestApp};

const ID: &str = "11010519491231002X";

/// Registers and activates `email`; returns the registration token.
async fn started(app: &TestApp, email: &str) -> String {
    app.register(email).await;
    app.activate(email).await
}

async fn complete(app: &TestApp, token: &str) -> reqwest::Response {
    app.authed(Method::POST, "/api/v1/registration/complete", token)
        .send()
        .await
        .unwrap()
}

async fn add_enrollment(app: &TestApp, name: &'static str, id_number: &'static str) {
    app.db
        .run(move |conn| {
            let now = chrono::Utc::now().naive_utc();
            diesel::insert_into(schools::table)
                .values((
                    schools::code.eq("10001"),
                    schools::name.eq("北京大学"),
                    schools::province_code.eq("11"),
                ))
                .execute(conn)?;
            diesel::insert_into(enrollments::table)
                .values((
                    enrollments::id.eq("e1"),
                    enrollments::school_code.eq("10001"),
                    enrollments::student_no.eq("2401001"),
                    enrollments::name.eq(name),
                    enrollments::id_number.eq(id_number),
                    enrollments::sex.eq("女"),
                    enrollments::birth_date.eq(NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()),
                    enrollments::ethnicity.eq("汉族"),
                    enrollments::major.eq("计算机科学与技术"),
                    enrollments::level.eq("本科"),
                    enrollments::study_form.eq("普通全日制"),
                    enrollments::entry_date.eq(NaiveDate::from_ymd_opt(2024, 9, 1).unwrap()),
                    enrollments::expected_graduation
                        .eq(NaiveDate::from_ymd_opt(2028, 7, 1).unwrap()),
                    enrollments::status.eq("在籍"),
                    enrollments::qualification_pending.eq(false),
                    enrollments::created_at.eq(now),
                    enrollments::updated_at.eq(now),
                ))
                .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
}

api_test!(
    async fn the_whole_registration_completes_the_account(app) {
        add_enrollment(&app, "李明", ID).await;
        let token = started(&app, "whole@example.cn").await;
        let res = app.identity(&token, " 李明 ", "11010519491231002x").await;
        assert_eq!(res.status().as_u16(), 200);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body, json!({"name": "李明", "id_number": ID, "birth_date": "1949-12-31", "sex": "女", "records_found": true}));

        assert_eq!(app.request_code(&token, "+86 138-0013-8000").await.status().as_u16(), 202);
        let code = app.sms_code("13800138000").await;
        let res = app.submit_code(&token, "13800138000", &code).await;
        assert_eq!(res.status().as_u16(), 200);

        let summary: Value = app.authed(Method::GET, "/api/v1/registration", &token).send().await.unwrap().json().await.unwrap();
        assert_eq!(
            summary,
            json!({"email": "whole@example.cn", "status": "activated", "name": "李明", "id_number": ID,
                   "birth_date": "1949-12-31", "sex": "女", "phone": "13800138000", "phone_verified": true, "records_found": true})
        );
        let res = complete(&app, &token).await;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(res.json::<Value>().await.unwrap(), json!({"status": "active"}));

        app.session("whole@example.cn").await;
        assert_eq!(problem(complete(&app, &token).await, 409).await["code"], "registration_complete");
        let link = app.emailed_token("whole@example.cn", "/activate").await;
        let res = app.post("/api/v1/accounts/activation", json!({"token": link})).await;
        assert_eq!(problem(res, 409).await["code"], "registration_complete", "the activation link is dead");
    }
);

api_test!(
    async fn no_records_is_said_clearly_and_linking_needs_both_name_and_id(app) {
        add_enrollment(&app, "李明", ID).await;
        let token = started(&app, "norec@example.cn").await;
        let body: Value = app.identity(&token, "李敏", ID).await.json().await.unwrap();
        assert_eq!(body["records_found"], false, "same ID, other name");
        let other = synthetic_id_number(7);
        let body: Value = app.identity(&token, "李明", &other).await.json().await.unwrap();
        assert_eq!(body["records_found"], false, "same name, other ID");
    }
);

api_test!(
    async fn the_identity_step_reports_every_rule_broken(app) {
        let token = started(&app, "rules@example.cn").await;
        let cases = [
            ("Li Ming", ID, "name", "name_latin"),
            ("李", ID, "name", "name_too_short"),
            ("李明", "1101051949123100", "id_number", "id_number_length"),
            ("李明", "99010519491231002X", "id_number", "id_number_region"),
            ("李明", "110105194912310021", "id_number", "id_number_checksum"),
        ];
        for (name, id, field, code) in cases {
            let body = problem(app.identity(&token, name, id).await, 422).await;
            assert_eq!((body["errors"][0]["field"].as_str(), body["errors"][0]["code"].as_str()), (Some(field), Some(code)), "{name} {id}");
        }
        let body = problem(app.identity(&token, "li", "123").await, 422).await;
        assert_eq!(body["errors"].as_array().unwrap().len(), 2, "both fields at once");
        let body: Value = app.identity(&token, "𠇔伟", &synthetic_id_number(3)).await.json().await.unwrap();
        assert_eq!(body["name"], "𠇔伟", "extension B characters are stored as typed");
    }
);

api_test!(
    async fn steps_refuse_to_run_out_of_order(app) {
        let token = started(&app, "order@example.cn").await;
        assert_eq!(problem(app.request_code(&token, "13800138000").await, 409).await["code"], "identity_required");
        assert_eq!(problem(app.submit_code(&token, "13800138000", "123456").await, 409).await["code"], "identity_required");
        assert_eq!(problem(complete(&app, &token).await, 409).await["code"], "identity_required");
        app.identity(&token, "李明", ID).await;
        assert_eq!(problem(complete(&app, &token).await, 409).await["code"], "phone_not_verified");
        assert_eq!(problem(app.submit_code(&token, "13800138000", "123456").await, 400).await["code"], "code_not_requested");
    }
);

api_test!(
    async fn an_id_number_belongs_to_one_completed_account(app) {
        let first = started(&app, "first@example.cn").await;
        let second = started(&app, "second@example.cn").await;
        // Both enter the same number before either completes: the second to complete is refused.
        app.identity(&first, "李明", ID).await;
        app.identity(&second, "李明", ID).await;
        app.verify_phone(&first, "13800138001").await;
        app.verify_phone(&second, "13800138002").await;
        assert_eq!(complete(&app, &first).await.status().as_u16(), 200);
        let body = problem(complete(&app, &second).await, 409).await;
        assert_eq!(body["code"], "id_number_taken");
        assert!(body["detail"].as_str().unwrap().contains("客服"), "points to support");

        let third = started(&app, "third@example.cn").await;
        let body = problem(app.identity(&third, "李明", ID).await, 409).await;
        assert_eq!(body["errors"][0]["field"], "id_number");
    }
);

api_test!(
    async fn at_most_five_different_name_and_id_pairs_a_day(app) {
        let token = started(&app, "probe@example.cn").await;
        for i in 0..5 {
            assert_eq!(app.identity(&token, "李明", &synthetic_id_number(i)).await.status().as_u16(), 200);
        }
        let res = app.identity(&token, "李明", &synthetic_id_number(99)).await;
        assert!(res.headers().contains_key("retry-after"));
        assert_eq!(problem(res, 429).await["code"], "identity_attempts_exhausted");
        // Resubmitting a pair already tried costs nothing.
        assert_eq!(app.identity(&token, "李明", &synthetic_id_number(2)).await.status().as_u16(), 200);
        app.clock.advance(Duration::hours(24) + Duration::seconds(1));
        let again: Value = app.login("probe@example.cn", PASSWORD).await.json().await.unwrap();
        let token = again["registration_token"].as_str().unwrap();
        assert_eq!(app.identity(token, "李明", &synthetic_id_number(99)).await.status().as_u16(), 200);
    }
);

api_test!(
    async fn an_sms_code_lives_five_minutes_and_dies_after_five_wrong_tries(app) {
        let token = started(&app, "code@example.cn").await;
        app.identity(&token, "李明", ID).await;
        let phone = "13700137000";
        let sent: Value = app.request_code(&token, phone).await.json().await.unwrap();
        assert_eq!(sent, json!({"resend_after_seconds": 60, "expires_in": 300}));
        let code = app.sms_code(phone).await;
        let wrong = if code == "000000" { "111111" } else { "000000" };
        for left in (1..=4).rev() {
            let body = problem(app.submit_code(&token, phone, wrong).await, 400).await;
            assert_eq!(body["code"], "code_incorrect");
            assert!(body["detail"].as_str().unwrap().contains(&left.to_string()), "{body}");
        }
        assert_eq!(problem(app.submit_code(&token, phone, wrong).await, 400).await["code"], "code_dead");
        assert_eq!(problem(app.submit_code(&token, phone, &code).await, 400).await["code"], "code_dead", "even the right code");

        app.clock.advance(Duration::seconds(61));
        app.request_code(&token, phone).await;
        let fresh = app.sms_code(phone).await;
        app.clock.advance(Duration::minutes(5));
        assert_eq!(problem(app.submit_code(&token, phone, &fresh).await, 400).await["code"], "code_expired");

        let body = problem(app.submit_code(&token, phone, "12ab").await, 422).await;
        assert_eq!(body["errors"][0]["code"], "code_format");
    }
);

api_test!(
    async fn codes_wait_a_minute_per_account_and_per_number_and_ten_a_day_per_number(app) {
        let token = started(&app, "cool@example.cn").await;
        app.identity(&token, "李明", ID).await;
        assert_eq!(app.request_code(&token, "13600136000").await.status().as_u16(), 202);
        let res = app.request_code(&token, "13600136000").await;
        let wait: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((55..=60).contains(&wait), "{wait}");
        assert_eq!(problem(res, 429).await["code"], "code_cooldown");
        assert_eq!(problem(app.request_code(&token, "13600136001").await, 429).await["code"], "code_cooldown", "per account too");

        let other = started(&app, "cool2@example.cn").await;
        app.identity(&other, "李明", &synthetic_id_number(5)).await;
        assert_eq!(problem(app.request_code(&other, "13600136000").await, 429).await["code"], "code_cooldown", "per number too");

        for _ in 0..9 {
            app.clock.advance(Duration::seconds(61));
            assert_eq!(app.request_code(&token, "13600136000").await.status().as_u16(), 202);
        }
        app.clock.advance(Duration::seconds(61));
        assert_eq!(problem(app.request_code(&token, "13600136000").await, 429).await["code"], "phone_daily_limit");
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sms_gateway_gets_every_code_even_after_failing_at_first_sqlite() {
    sms_gateway_retries(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sms_gateway_gets_every_code_even_after_failing_at_first_postgres() {
    sms_gateway_retries(Engine::Postgres).await;
}

async fn sms_gateway_retries(engine: Engine) {
    if engine == Engine::Postgres && xuexin_tests::postgres_base_url().is_none() {
        return;
    }
    use wiremock::matchers::{body_partial_json, header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let gateway = MockServer::start().await;
    let matcher = || {
        Mock::given(method("POST"))
            .and(path("/send"))
            .and(header("authorization", "Bearer gateway-token"))
            .and(body_partial_json(
                json!({"phone": "13500135000", "template": "registration_code"}),
            ))
    };
    matcher()
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&gateway)
        .await;
    matcher()
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&gateway)
        .await;
    let url = format!("{}/send", gateway.uri());
    let settings = [
        ("APP_SMS_TRANSPORT", "http"),
        ("APP_SMS_GATEWAY_URL", url.as_str()),
        ("APP_SMS_GATEWAY_TOKEN", "gateway-token"),
    ];
    let Some(app) = TestApp::spawn_with(engine, &settings).await else {
        return;
    };
    let token = started(&app, "gw@example.cn").await;
    app.identity(&token, "李明", ID).await;
    assert_eq!(
        app.request_code(&token, "13500135000")
            .await
            .status()
            .as_u16(),
        202
    );

    // Move time only once the failed attempt is recorded, so the retry is due in the moved time.
    wait_until("the first attempt failed", || async {
        let failed: i64 = app
            .db
            .run(|c| {
                use xuexin::db::schema::outbox_attempts as a;
                Ok(a::table
                    .filter(a::succeeded.eq(false))
                    .count()
                    .get_result(c)?)
            })
            .await
            .unwrap();
        failed >= 1
    })
    .await;
    app.clock.advance(Duration::minutes(1));
    wait_until("the gateway got the retry", || async {
        gateway.received_requests().await.unwrap_or_default().len() >= 2
    })
    .await;
    let requests = gateway.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2, "one failure, one success, no more");
    let sent: Value = serde_json::from_slice(&requests[1].body).unwrap();
    let code = sent["params"]["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 6);
    assert_eq!(
        app.submit_code(&token, "13500135000", &code)
            .await
            .status()
            .as_u16(),
        200,
        "the delivered code works"
    );
    gateway.verify().await;
}

api_test!(
    async fn registration_steps_need_the_registration_token(app) {
        app.active_account("done@example.cn").await;
        let access = app.session("done@example.cn").await["access_token"].as_str().unwrap().to_owned();
        let res = app.authed(Method::PUT, "/api/v1/registration/identity", &access).json(&json!({"name": "李明", "id_number": ID})).send().await.unwrap();
        assert_eq!(problem(res, 401).await["code"], "token_wrong_kind");
        let res = app.client.put(app.url("/api/v1/registration/identity")).json(&json!({"name": "李明", "id_number": ID})).send().await.unwrap();
        assert_eq!(problem(res, 401).await["code"], "unauthorized");
    }
);
