//! The product's time limits, each checked on both sides of its edge with the server's clock:
//! staff sessions, registration tokens, the login window and lockouts, the per-IP identity and
//! mail budgets, report extension, the outbox's last attempt and a gateway that never answers.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use chrono::Duration;
use diesel::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};
use xuexin::clock::Clock;
use xuexin::db::schema::{outbox, outbox_attempts};
use xuexin::staff::Role;
use xuexin_tests::flows::{synthetic_id_number, PASSWORD};
use xuexin_tests::{api_test, problem, wait_until, TestApp};

const DEMO: (&str, &str) = ("APP_DEMO_DATA", "true");

async fn status_of(app: &TestApp, path: &str, token: &str) -> reqwest::Response {
    app.authed(Method::GET, path, token).send().await.unwrap()
}

async fn staff_login(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.post(
        "/api/v1/staff/sessions",
        json!({"email": email, "password": password}),
    )
    .await
}

/// The `Retry-After` of a 429, in seconds.
fn retry_after(res: &reqwest::Response) -> u64 {
    res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

api_test!(
    async fn a_staff_session_lasts_eight_hours_to_the_second(app) {
        app.staff_token(Role::PlatformAdmin, "admin@example.cn", None, None).await;
        let res = staff_login(&app, "admin@example.cn", PASSWORD).await;
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["expires_in"], 8 * 3600);
        let token = body["access_token"].as_str().unwrap().to_owned();

        // Used every 29 minutes, so the idle limit (30 minutes) never ends it first.
        for _ in 0..16 {
            app.clock.advance(Duration::minutes(29));
            assert_eq!(status_of(&app, "/api/v1/staff/me", &token).await.status().as_u16(), 200);
        }
        app.clock.advance(Duration::hours(8) - Duration::minutes(16 * 29) - Duration::seconds(1));
        assert_eq!(status_of(&app, "/api/v1/staff/me", &token).await.status().as_u16(), 200);
        app.clock.advance(Duration::seconds(1));
        let res = status_of(&app, "/api/v1/staff/me", &token).await;
        assert_eq!(problem(res, 401).await["code"], "token_expired");
    }
);

api_test!(
    async fn a_registration_token_lasts_two_hours_to_the_second(app) {
        app.register("slow@example.cn").await;
        let link = app.emailed_token("slow@example.cn", "/activate").await;
        let res = app.post("/api/v1/accounts/activation", json!({"token": link})).await;
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["expires_in"], 2 * 3600);
        let token = body["registration_token"].as_str().unwrap().to_owned();

        app.clock.advance(Duration::hours(2) - Duration::seconds(1));
        assert_eq!(status_of(&app, "/api/v1/registration", &token).await.status().as_u16(), 200);
        app.clock.advance(Duration::seconds(1));
        let res = status_of(&app, "/api/v1/registration", &token).await;
        assert_eq!(problem(res, 401).await["code"], "token_expired");
        // Logging in again hands out a fresh one.
        let body: Value = app.login("slow@example.cn", PASSWORD).await.json().await.unwrap();
        let fresh = body["registration_token"].as_str().unwrap();
        assert_eq!(status_of(&app, "/api/v1/registration", fresh).await.status().as_u16(), 200);
    }
);

async fn wrong_passwords(app: &TestApp, email: &str, times: usize) {
    for i in 0..times {
        let res = app.login(email, "WrongPass1").await;
        assert_eq!(
            problem(res, 401).await["code"],
            "invalid_credentials",
            "wrong password {i} for {email}"
        );
    }
}

api_test!(
    async fn wrong_passwords_count_for_fifteen_minutes_then_stop_counting(app) {
        // Inside the window: nine, then a tenth 14 min 59 s later, lock the account.
        app.active_account("inside@example.cn").await;
        wrong_passwords(&app, "inside@example.cn", 9).await;
        app.clock.advance(Duration::minutes(15) - Duration::seconds(1));
        wrong_passwords(&app, "inside@example.cn", 1).await;
        let res = app.login("inside@example.cn", PASSWORD).await;
        assert_eq!(problem(res, 429).await["code"], "account_locked");

        // Past the window: the first nine no longer count, so nine more lock nothing.
        app.active_account("outside@example.cn").await;
        wrong_passwords(&app, "outside@example.cn", 9).await;
        app.clock.advance(Duration::minutes(15) + Duration::seconds(1));
        wrong_passwords(&app, "outside@example.cn", 9).await;
        app.session("outside@example.cn").await;
    }
);

api_test!(
    async fn ten_wrong_staff_passwords_lock_the_staff_login_for_fifteen_minutes(app) {
        let token = app.staff_token(Role::Support, "agent@example.cn", None, None).await;
        for i in 0..10 {
            let res = staff_login(&app, "agent@example.cn", "WrongPass1").await;
            assert_eq!(problem(res, 401).await["code"], "invalid_credentials", "attempt {i}");
        }
        let res = staff_login(&app, "AGENT@example.cn", PASSWORD).await;
        let wait = retry_after(&res);
        assert!((899..=900).contains(&wait), "{wait}");
        assert_eq!(problem(res, 429).await["code"], "account_locked");
        assert_eq!(status_of(&app, "/api/v1/staff/me", &token).await.status().as_u16(), 200, "a lockout ends no session");

        app.clock.advance(Duration::minutes(15) - Duration::seconds(1));
        assert_eq!(staff_login(&app, "agent@example.cn", PASSWORD).await.status().as_u16(), 429);
        app.clock.advance(Duration::seconds(2));
        assert_eq!(staff_login(&app, "agent@example.cn", PASSWORD).await.status().as_u16(), 200);
    }
);

/// An activated account `n` of this test, with its registration token.
async fn activated(app: &TestApp, n: u64) -> String {
    let email = format!("budget{n}@example.cn");
    app.register(&email).await;
    app.activate(&email).await
}

/// A fresh registration token for the activated account `n` of this test.
async fn registration_token(app: &TestApp, n: u64) -> String {
    let body: Value = app
        .login(&format!("budget{n}@example.cn"), PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    body["registration_token"].as_str().unwrap().to_owned()
}

api_test!(with &[("APP_IP_IDENTITY_DAILY_SUBMISSIONS", "3")],
    async fn one_network_submits_at_most_its_daily_number_of_identities(app) {
        // Every submission is a new name/ID pair from a new account: only the per-IP budget binds.
        for n in 0..6 {
            activated(&app, n).await;
        }
        let app = &app;
        let submit = |n: u64| async move {
            let token = registration_token(app, n).await;
            app.identity(&token, "李明", &synthetic_id_number(1000 + n)).await
        };
        assert_eq!(submit(0).await.status().as_u16(), 200);
        app.clock.advance(Duration::hours(12));
        assert_eq!(submit(1).await.status().as_u16(), 200);
        assert_eq!(submit(2).await.status().as_u16(), 200);
        app.clock.advance(Duration::hours(11));
        let res = submit(3).await;
        let wait = retry_after(&res);
        assert!((3599..=3600).contains(&wait), "the oldest submission frees its place in an hour: {wait}");
        assert_eq!(problem(res, 429).await["code"], "too_many_requests_from_ip");

        app.clock.advance(Duration::hours(1) + Duration::seconds(1));
        assert_eq!(submit(4).await.status().as_u16(), 200, "a day later");
        assert_eq!(submit(5).await.status().as_u16(), 429, "only the first submission left the last 24 hours");
    }
);

api_test!(with &[("APP_IP_MAIL_REQUESTS_PER_HOUR", "3")],
    async fn one_network_asks_for_at_most_its_hourly_number_of_emails(app) {
        // Password resets and activation resends share the budget; each asks for a new address.
        let reset = |n: u32| app.post("/api/v1/password-resets", json!({"email": format!("r{n}@example.cn")}));
        for n in 0..2 {
            assert_eq!(reset(n).await.status().as_u16(), 202, "request {n}");
        }
        app.clock.advance(Duration::minutes(30));
        let resend = app.post("/api/v1/accounts/activation/resend", json!({"email": "a0@example.cn"})).await;
        assert_eq!(resend.status().as_u16(), 202);
        let res = app.post("/api/v1/accounts/activation/resend", json!({"email": "a1@example.cn"})).await;
        let wait = retry_after(&res);
        assert!((1799..=1800).contains(&wait), "the oldest request frees its place in 30 min: {wait}");
        assert_eq!(problem(res, 429).await["code"], "too_many_requests_from_ip");
        assert_eq!(reset(3).await.status().as_u16(), 429);

        app.clock.advance(Duration::minutes(30) + Duration::seconds(1));
        assert_eq!(reset(4).await.status().as_u16(), 202, "an hour later the first two are forgotten");
        assert_eq!(reset(5).await.status().as_u16(), 202);
        assert_eq!(reset(6).await.status().as_u16(), 429, "with the resend, three in the last hour");
    }
);

async fn extend(app: &TestApp, token: &str, code: &str, days: u32) -> reqwest::Response {
    app.send(
        Method::POST,
        &format!("/api/v1/me/verification-reports/{code}/extend"),
        token,
        json!({"valid_days": days}),
    )
    .await
}

fn expires_at(report: &Value) -> chrono::DateTime<chrono::Utc> {
    report["expires_at"].as_str().unwrap().parse().unwrap()
}

api_test!(with &[DEMO],
    async fn a_report_is_extended_to_thirty_to_365_days_from_now_and_only_its_owner_may(app) {
        let li = app.student("li@example.cn", "李华", "31019920010802022X").await;
        app.student("wang@example.cn", "王小明", "11019920050314011X").await;
        let degree = app.get_ok("/api/v1/me/degrees", &li).await["items"][0]["id"].clone();
        let body = json!({"record_type": "degree", "record_id": degree, "valid_days": 30});
        let res = app.send(Method::POST, "/api/v1/me/verification-reports", &li, body).await;
        assert_eq!(res.status().as_u16(), 201);
        let code = res.json::<Value>().await.unwrap()["code"].as_str().unwrap().to_owned();

        app.clock.advance(Duration::days(20));
        let li = access_token(&app, "li@example.cn").await;
        for days in [29, 366, 0] {
            let res = extend(&app, &li, &code, days).await;
            let body = problem(res, 422).await;
            assert_eq!(body["errors"][0]["field"], "valid_days", "{days}");
            assert_eq!(body["errors"][0]["code"], "valid_days_out_of_range", "{days}");
        }
        for days in [365, 30, 100] {
            let res = extend(&app, &li, &code, days).await;
            assert_eq!(res.status().as_u16(), 200, "{days}");
            let report: Value = res.json().await.unwrap();
            let expected = app.clock.now() + Duration::days(i64::from(days));
            let off = (expires_at(&report) - expected).num_milliseconds().abs();
            assert!(off < 1, "{days} days from now, not from the creation: {} vs {expected}", report["expires_at"]);
            assert_eq!(report["state"], "active");
        }
        // Past the first expiry (day 30), the extended report still verifies; past the new one it does not.
        app.clock.advance(Duration::days(99));
        assert_eq!(app.get(&format!("/api/v1/verification-reports/{code}")).await.status().as_u16(), 200);
        app.clock.advance(Duration::days(1));
        let res = app.get(&format!("/api/v1/verification-reports/{code}")).await;
        assert_eq!(problem(res, 404).await["code"], "report_expired");

        // Both access tokens expired long ago.
        let li = access_token(&app, "li@example.cn").await;
        let wang = access_token(&app, "wang@example.cn").await;
        assert_eq!(problem(extend(&app, &wang, &code, 60).await, 404).await["code"], "report_not_found", "not Wang's report");
        let res = app.authed(Method::DELETE, &format!("/api/v1/me/verification-reports/{code}"), &li).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 204);
        assert_eq!(problem(extend(&app, &li, &code, 60).await, 409).await["code"], "report_revoked");
        let res = app.get(&format!("/api/v1/verification-reports/{code}")).await;
        assert_eq!(problem(res, 404).await["code"], "report_revoked");
    }
);

async fn access_token(app: &TestApp, email: &str) -> String {
    app.session(email).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn failed_attempts(app: &TestApp) -> i64 {
    app.db
        .run(|c| {
            Ok(outbox_attempts::table
                .filter(outbox_attempts::succeeded.eq(false))
                .count()
                .get_result(c)?)
        })
        .await
        .unwrap()
}

async fn outbox_row(app: &TestApp) -> (String, i32) {
    app.db
        .run(|c| {
            Ok(outbox::table
                .filter(outbox::channel.eq("sms"))
                .select((outbox::status, outbox::attempts))
                .first(c)?)
        })
        .await
        .unwrap()
}

/// A registration token for an account that has given its identity, ready to ask for a code.
async fn ready_for_a_code(app: &TestApp) -> String {
    let token = activated(app, 0).await;
    let res = app.identity(&token, "李明", &synthetic_id_number(7)).await;
    assert_eq!(res.status().as_u16(), 200);
    token
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_is_given_up_after_the_last_allowed_attempt_sqlite() {
    given_up_after_the_last_attempt(xuexin_tests::Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_is_given_up_after_the_last_allowed_attempt_postgres() {
    given_up_after_the_last_attempt(xuexin_tests::Engine::Postgres).await;
}

async fn given_up_after_the_last_attempt(engine: xuexin_tests::Engine) {
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    if engine == xuexin_tests::Engine::Postgres && xuexin_tests::postgres_base_url().is_none() {
        return;
    }
    let gateway = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&gateway)
        .await;
    let url = format!("{}/send", gateway.uri());
    let settings = [
        ("APP_SMS_TRANSPORT", "http"),
        ("APP_SMS_GATEWAY_URL", url.as_str()),
        ("APP_OUTBOX_MAX_ATTEMPTS", "3"),
    ];
    let Some(app) = TestApp::spawn_with(engine, &settings).await else {
        return;
    };
    let token = ready_for_a_code(&app).await;
    assert_eq!(
        app.request_code(&token, "13500135000")
            .await
            .status()
            .as_u16(),
        202
    );
    for attempt in 1..=3 {
        wait_until(&format!("attempt {attempt} failed"), || async {
            failed_attempts(&app).await == attempt
        })
        .await;
        // Past any back-off (at most an hour), so the next attempt is due at once.
        app.clock.advance(Duration::hours(2));
    }
    wait_until("the message is given up", || async {
        outbox_row(&app).await == ("failed".to_owned(), 3)
    })
    .await;
    // A fourth attempt would come within a few polls (50 ms apart) of the clock moving.
    app.clock.advance(Duration::days(1));
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(failed_attempts(&app).await, 3);
    assert_eq!(gateway.received_requests().await.unwrap().len(), 3);
    assert_eq!(outbox_row(&app).await, ("failed".to_owned(), 3));
}

/// A gateway that accepts connections and never says a word; counts the connections.
async fn silent_gateway() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/send", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = connections.clone();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            held.push(stream);
        }
    });
    (url, connections)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_that_never_answers_times_out_and_is_tried_again_sqlite() {
    gateway_that_never_answers(xuexin_tests::Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_that_never_answers_times_out_and_is_tried_again_postgres() {
    gateway_that_never_answers(xuexin_tests::Engine::Postgres).await;
}

async fn gateway_that_never_answers(engine: xuexin_tests::Engine) {
    if engine == xuexin_tests::Engine::Postgres && xuexin_tests::postgres_base_url().is_none() {
        return;
    }
    let (url, connections) = silent_gateway().await;
    let settings = [
        ("APP_SMS_TRANSPORT", "http"),
        ("APP_SMS_GATEWAY_URL", url.as_str()),
        ("APP_SMS_GATEWAY_TIMEOUT_SECS", "1"),
    ];
    let Some(app) = TestApp::spawn_with(engine, &settings).await else {
        return;
    };
    let token = ready_for_a_code(&app).await;
    let asked = std::time::Instant::now();
    assert_eq!(
        app.request_code(&token, "13500135000")
            .await
            .status()
            .as_u16(),
        202,
        "the request does not wait for the gateway"
    );
    wait_until("the silent attempt failed", || async {
        failed_attempts(&app).await == 1
    })
    .await;
    assert!(
        asked.elapsed() >= std::time::Duration::from_secs(1),
        "gave up before the timeout"
    );
    assert_eq!(
        outbox_row(&app).await,
        ("pending".to_owned(), 1),
        "to be tried again"
    );
    assert_eq!(connections.load(Ordering::SeqCst), 1);

    // The worker is not stuck on the silent connection: the retry goes out and times out too.
    app.clock.advance(Duration::hours(2));
    wait_until("the retry failed", || async {
        failed_attempts(&app).await == 2
    })
    .await;
    assert_eq!(connections.load(Ordering::SeqCst), 2);
    assert_eq!(app.get("/health").await.status().as_u16(), 200);
}

/// A photo batch whose one line is refused (the photo is not an image): still a batch.
fn refused_batch() -> Vec<u8> {
    crate::images::batch(
        &["a.jpg,北京大学,王小明,11019920050314011X,2026-06-01"],
        &[("a.jpg", b"not a photo".as_slice())],
    )
}

api_test!(
    async fn batches_uploaded_at_the_same_instant_page_in_one_stable_order(app) {
        // The clock does not move: all five share their created_at to the microsecond.
        let operator = app.staff_token(Role::ImageOperator, "photo@example.cn", None, None).await;
        for _ in 0..5 {
            crate::images::uploaded(&app, &operator, refused_batch()).await;
        }
        let ids = |page: Value| -> Vec<String> {
            page["items"].as_array().unwrap().iter().map(|b| b["id"].as_str().unwrap().to_owned()).collect()
        };
        let whole = ids(app.get_ok("/api/v1/image-batches?per_page=5", &operator).await);
        assert_eq!(whole.len(), 5);
        let mut paged = Vec::new();
        for page in 1..=5 {
            paged.extend(ids(app.get_ok(&format!("/api/v1/image-batches?per_page=1&page={page}"), &operator).await));
        }
        assert_eq!(paged, whole, "one page after another gives each batch once, in the list's order");
        assert_eq!(ids(app.get_ok("/api/v1/image-batches?per_page=5", &operator).await), whole, "and the same order every time");
    }
);
