//! Registration, activation links, resend and the rules of email and password.

use diesel::prelude::*;
use serde_json::{json, Value};
use xuexin::db::schema::accounts;
use xuexin_tests::flows::PASSWORD;
use xuexin_tests::{api_test, problem, Engine, TestApp};

async fn account_count(app: &TestApp) -> i64 {
    app.db
        .run(|conn| Ok(accounts::table.count().get_result(conn)?))
        .await
        .unwrap()
}

async fn field_codes(res: reqwest::Response) -> Vec<(String, String)> {
    let body = problem(res, 422).await;
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().into(),
                e["code"].as_str().unwrap().into(),
            )
        })
        .collect()
}

api_test!(
    async fn registration_creates_a_pending_account_and_queues_a_chinese_activation_email(app) {
        let res = app.post("/api/v1/accounts", json!({"email": "  Li.Ming@Example.CN ", "password": PASSWORD, "consent_version": xuexin::privacy::NOTICE_VERSION})).await;
        assert_eq!(res.status().as_u16(), 201);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["email"], "li.ming@example.cn");
        assert_eq!(body["status"], "pending_activation");
        assert_eq!(body["resend_after_seconds"], 60);
        let id = body["id"].as_str().unwrap().to_owned();

        let mails = app.outbox("LI.MING@example.cn").await;
        assert_eq!(mails.len(), 1);
        let mail = &mails[0];
        assert_eq!(mail["channel"], "email");
        assert!(mail["subject"].as_str().unwrap().contains("学信网"));
        let text = mail["body"].as_str().unwrap();
        assert!(text.contains("http://127.0.0.1:8080/activate?token="), "{text}");
        assert!(text.contains("24 小时"));
        let token = app.emailed_token("li.ming@example.cn", "/activate").await;
        assert!(token.len() >= 22, "at least 128 bits: {token}");
        assert_eq!(app.audit_actions(&id).await, ["account.created"]);
    }
);

api_test!(
    async fn an_email_registers_once_whatever_its_case_or_spacing(app) {
        app.register("wang.fang@example.cn").await;
        for variant in ["wang.fang@example.cn", "WANG.FANG@EXAMPLE.CN", "  Wang.Fang@Example.cn\t"] {
            let res = app.post("/api/v1/accounts", json!({"email": variant, "password": PASSWORD, "consent_version": xuexin::privacy::NOTICE_VERSION})).await;
            let body = problem(res, 409).await;
            assert_eq!(body["code"], "email_taken");
            assert_eq!(body["errors"][0]["field"], "email");
        }
        assert_eq!(account_count(&app).await, 1);
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_registrations_of_one_email_create_exactly_one_account_sqlite() {
    concurrent_registrations(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_registrations_of_one_email_create_exactly_one_account_postgres() {
    concurrent_registrations(Engine::Postgres).await;
}

async fn concurrent_registrations(engine: Engine) {
    let Some(app) = TestApp::spawn_with(engine, &[("APP_IP_RATE_LIMITS", "off")]).await else {
        return;
    };
    let app = std::sync::Arc::new(app);
    let attempts = (0..50).map(|i| {
        let app = app.clone();
        let email = if i % 2 == 0 {
            "same@example.cn"
        } else {
            "SAME@Example.cn"
        };
        tokio::spawn(async move {
            app.post(
                "/api/v1/accounts",
                json!({"email": email, "password": PASSWORD, "consent_version": xuexin::privacy::NOTICE_VERSION}),
            )
            .await
            .status()
            .as_u16()
        })
    });
    let mut statuses: Vec<u16> = Vec::new();
    for a in attempts {
        statuses.push(a.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        49,
        "{statuses:?}"
    );
    assert_eq!(account_count(&app).await, 1);
    assert_eq!(
        app.outbox("same@example.cn").await.len(),
        1,
        "one activation email, not fifty"
    );
}

api_test!(
    async fn every_kind_of_bad_email_is_refused_with_its_own_code(app) {
        let cases = [
            ("", "email_required"),
            ("   ", "email_required"),
            ("plainaddress", "email_invalid"),
            ("a@b", "email_invalid"),
            ("a..b@example.com", "email_invalid"),
            ("a b@example.com", "email_invalid"),
            ("张三@example.com", "email_not_ascii"),
            ("ａ@example.com", "email_not_ascii"),
        ];
        for (email, code) in cases {
            let res = app.post("/api/v1/accounts", json!({"email": email, "password": PASSWORD, "consent_version": xuexin::privacy::NOTICE_VERSION})).await;
            assert_eq!(field_codes(res).await, [("email".to_owned(), code.to_owned())], "{email:?}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        let res = app.post("/api/v1/accounts", json!({"email": long, "password": PASSWORD, "consent_version": xuexin::privacy::NOTICE_VERSION})).await;
        assert_eq!(field_codes(res).await[0].1, "email_too_long");
        assert_eq!(account_count(&app).await, 0, "nothing is stored");
    }
);

api_test!(
    async fn every_kind_of_bad_password_is_refused_with_its_own_code(app) {
        let cases = [
            ("", "password_too_short"),
            ("a1b2c", "password_too_short"),
            (&*"a1".repeat(33), "password_too_long"),
            ("abc 12345", "password_invalid_characters"),
            ("abc_12345", "password_invalid_characters"),
            ("密码abc12345", "password_invalid_characters"),
            ("Zhao.Lei@Example.cn", "password_invalid_characters"),
            ("ZHAOLEI2026", "password_equals_email"),
            ("123456", "password_too_common"),
            ("password", "password_too_common"),
            ("qwerty123", "password_too_common"),
            ("Woaini1314", "password_too_common"),
        ];
        for (password, code) in cases {
            let res = app.post("/api/v1/accounts", json!({"email": "zhaolei2026@example.cn", "password": password, "consent_version": xuexin::privacy::NOTICE_VERSION})).await;
            let body = problem(res, 422).await;
            assert_eq!(body["errors"][0]["field"], "password", "{password}");
            assert_eq!(body["errors"][0]["code"], code, "{password}");
            assert!(!body["errors"][0]["message"].as_str().unwrap().is_empty());
        }
        assert_eq!(account_count(&app).await, 0);
    }
);

api_test!(
    async fn email_and_password_problems_are_reported_together(app) {
        let res = app.post("/api/v1/accounts", json!({"email": "nope", "password": "12", "consent_version": xuexin::privacy::NOTICE_VERSION})).await;
        let codes = field_codes(res).await;
        assert_eq!(codes, [("email".into(), "email_invalid".into()), ("password".into(), "password_too_short".into())]);
        let res = app.post("/api/v1/accounts", json!({"email": "nope", "password": "placeholder", "consent_version": xuexin::privacy::NOTICE_VERSION})).await;
        assert_eq!(field_codes(res).await, [("email".to_owned(), "email_invalid".to_owned())], "only the email is wrong");
    }
);

api_test!(
    async fn a_missing_field_or_a_wrong_type_names_the_field(app) {
        let body = problem(app.post("/api/v1/accounts", json!({"email": "x@example.cn"})).await, 422).await;
        assert_eq!(body["errors"][0]["field"], "password");
        let res = app.client.post(app.url("/api/v1/accounts")).header("content-type", "application/json").body("{\"email\":").send().await.unwrap();
        assert_eq!(problem(res, 400).await["code"], "malformed_json");
        let res = app.client.post(app.url("/api/v1/accounts")).header("content-type", "text/plain").body("hi").send().await.unwrap();
        assert_eq!(problem(res, 415).await["code"], "unsupported_media_type");
    }
);

api_test!(with &[("APP_IP_REGISTRATIONS_PER_HOUR", "3")],
    async fn registrations_are_limited_per_client_ip(app) {
    for i in 0..3 {
        app.register(&format!("s{i}@example.cn")).await;
    }
    let res = app.post("/api/v1/accounts", json!({"email": "s4@example.cn", "password": PASSWORD, "consent_version": xuexin::privacy::NOTICE_VERSION})).await;
    let retry: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry > 3500 && retry <= 3600, "{retry}");
    assert_eq!(problem(res, 429).await["code"], "too_many_requests_from_ip");
    app.clock.advance(chrono::Duration::minutes(61));
    app.register("s4@example.cn").await;
});

api_test!(
    async fn the_activation_link_continues_an_unfinished_registration_and_dies_with_its_completion(app) {
        let created = app.register("chen.jing@example.cn").await;
        let id = created["id"].as_str().unwrap();
        let token = app.emailed_token("chen.jing@example.cn", "/activate").await;
        for _ in 0..2 {
            // A mail scanner or a reload presents the link again: the registration continues.
            let res = app.post("/api/v1/accounts/activation", json!({"token": token})).await;
            assert_eq!(res.status().as_u16(), 200);
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["status"], "activated");
            assert!(body["registration_token"].as_str().unwrap().len() > 20);
            assert_eq!(body["expires_in"], 7200);
        }
        assert_eq!(app.audit_actions(id).await, ["account.created", "account.activated"], "activated once");
        app.complete_registration("chen.jing@example.cn").await;
        let res = app.post("/api/v1/accounts/activation", json!({"token": token})).await;
        assert_eq!(problem(res, 409).await["code"], "registration_complete");
    }
);

api_test!(
    async fn unknown_and_expired_activation_links_are_refused(app) {
        let res = app.post("/api/v1/accounts/activation", json!({"token": "not-a-real-token"})).await;
        let body = problem(res, 400).await;
        assert_eq!(body["code"], "token_invalid");
        assert_eq!(body["errors"][0]["field"], "token");

        app.register("old.link@example.cn").await;
        let token = app.emailed_token("old.link@example.cn", "/activate").await;
        app.clock.advance(chrono::Duration::hours(24) + chrono::Duration::seconds(1));
        let res = app.post("/api/v1/accounts/activation", json!({"token": token})).await;
        assert_eq!(problem(res, 400).await["code"], "token_expired");

        let res = app.post("/api/v1/accounts/activation/resend", json!({"email": "old.link@example.cn"})).await;
        assert_eq!(res.status().as_u16(), 202);
        let fresh = app.emailed_token("old.link@example.cn", "/activate").await;
        assert_ne!(fresh, token);
        let res = app.post("/api/v1/accounts/activation", json!({"token": fresh})).await;
        assert_eq!(res.status().as_u16(), 200);
    }
);

api_test!(
    async fn resend_answers_the_same_for_any_email_and_sends_at_most_once_a_minute(app) {
        app.register("zhou.xun@example.cn").await;
        let unknown = app.post("/api/v1/accounts/activation/resend", json!({"email": "nobody@example.cn"})).await;
        let known = app.post("/api/v1/accounts/activation/resend", json!({"email": "zhou.xun@example.cn"})).await;
        assert_eq!(unknown.status().as_u16(), 202);
        assert_eq!(known.status().as_u16(), 202);
        let (a, b): (Value, Value) = (unknown.json().await.unwrap(), known.json().await.unwrap());
        assert_eq!(a, b);
        assert_eq!(a["resend_after_seconds"], 60);
        assert_eq!(app.outbox("zhou.xun@example.cn").await.len(), 1, "within a minute of the first email: nothing new");
        assert_eq!(app.outbox("nobody@example.cn").await.len(), 0);

        app.clock.advance(chrono::Duration::seconds(61));
        app.post("/api/v1/accounts/activation/resend", json!({"email": "ZHOU.XUN@example.cn"})).await;
        app.post("/api/v1/accounts/activation/resend", json!({"email": "zhou.xun@example.cn"})).await;
        assert_eq!(app.outbox("zhou.xun@example.cn").await.len(), 2, "one more after the cooldown, not two");

        app.activate("zhou.xun@example.cn").await;
        app.complete_registration("zhou.xun@example.cn").await;
        app.clock.advance(chrono::Duration::seconds(61));
        app.post("/api/v1/accounts/activation/resend", json!({"email": "zhou.xun@example.cn"})).await;
        assert_eq!(app.outbox("zhou.xun@example.cn").await.len(), 2, "a complete account gets no activation email");
    }
);

api_test!(
    async fn the_registration_token_opens_only_the_registration_steps(app) {
        app.register("xu.lan@example.cn").await;
        let registration = app.activate("xu.lan@example.cn").await;
        let res = app.authed(reqwest::Method::GET, "/api/v1/registration", &registration).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["email"], "xu.lan@example.cn");
        assert_eq!(body["status"], "activated");
        assert_eq!(body["phone_verified"], false);

        let res = app.authed(reqwest::Method::GET, "/api/v1/me", &registration).send().await.unwrap();
        assert_eq!(problem(res, 401).await["code"], "token_wrong_kind");

        app.complete_registration("xu.lan@example.cn").await;
        let session = app.session("xu.lan@example.cn").await;
        let access = session["access_token"].as_str().unwrap();
        let res = app.authed(reqwest::Method::GET, "/api/v1/registration", access).send().await.unwrap();
        assert_eq!(problem(res, 401).await["code"], "token_wrong_kind");
        let res = app.authed(reqwest::Method::GET, "/api/v1/registration", &registration).send().await.unwrap();
        assert_eq!(problem(res, 409).await["code"], "registration_complete");
    }
);
