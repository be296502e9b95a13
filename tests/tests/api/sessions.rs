//! Login, tokens, refresh rotation, logout, lockouts, password reset and change.

use chrono::Duration;
use reqwest::Method;
use serde_json::{json, Value};
use xuexin_tests::flows::PASSWORD;
use xuexin_tests::{api_test, problem, TestApp};

fn token(body: &Value, key: &str) -> String {
    body[key]
        .as_str()
        .unwrap_or_else(|| panic!("no {key} in {body}"))
        .to_owned()
}

async fn me_status(app: &TestApp, access: &str) -> u16 {
    app.authed(Method::GET, "/api/v1/me", access)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn refresh(app: &TestApp, refresh_token: &str) -> reqwest::Response {
    app.post(
        "/api/v1/sessions/refresh",
        json!({"refresh_token": refresh_token}),
    )
    .await
}

api_test!(
    async fn an_unactivated_account_is_told_so_only_with_the_right_password(app) {
        app.register("new@example.cn").await;
        let body = problem(app.login("new@example.cn", "WrongPass1").await, 401).await;
        assert_eq!(body["code"], "invalid_credentials");
        let body = problem(app.login("NEW@example.cn", PASSWORD).await, 403).await;
        assert_eq!(body["code"], "account_not_activated");
    }
);

api_test!(
    async fn an_unfinished_registration_logs_in_only_to_finish_it(app) {
        app.register("half@example.cn").await;
        app.activate("half@example.cn").await;
        let res = app.login("half@example.cn", PASSWORD).await;
        assert_eq!(res.status().as_u16(), 200);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["status"], "registration_incomplete");
        assert!(body.get("access_token").is_none() && body.get("refresh_token").is_none(), "{body}");
        let registration = token(&body, "registration_token");
        let res = app.authed(Method::GET, "/api/v1/registration", &registration).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
    }
);

api_test!(
    async fn a_complete_account_gets_a_session_whose_access_token_expires_in_fifteen_minutes(app) {
        app.active_account("ok@example.cn").await;
        let body = app.session("OK@example.cn").await;
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["expires_in"], 900);
        let access = token(&body, "access_token");
        let res = app.authed(Method::GET, "/api/v1/me", &access).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let me: Value = res.json().await.unwrap();
        assert_eq!(me["email"], "ok@example.cn");
        assert_eq!(me["status"], "active");

        let res = app.get("/api/v1/me").await;
        assert_eq!(res.headers()["www-authenticate"], "Bearer");
        assert_eq!(problem(res, 401).await["code"], "unauthorized");
        let res = app.authed(Method::GET, "/api/v1/me", "garbage.token.here").send().await.unwrap();
        assert_eq!(problem(res, 401).await["code"], "token_invalid");

        app.clock.advance(Duration::minutes(15));
        let res = app.authed(Method::GET, "/api/v1/me", &access).send().await.unwrap();
        assert_eq!(problem(res, 401).await["code"], "token_expired");
        let renewed: Value = refresh(&app, &token(&body, "refresh_token")).await.json().await.unwrap();
        assert_eq!(me_status(&app, &token(&renewed, "access_token")).await, 200);
    }
);

api_test!(
    async fn refresh_rotates_and_a_reused_refresh_token_ends_the_whole_session(app) {
        app.active_account("rot@example.cn").await;
        let first = app.session("rot@example.cn").await;
        let res = refresh(&app, &token(&first, "refresh_token")).await;
        assert_eq!(res.status().as_u16(), 200);
        let second: Value = res.json().await.unwrap();
        assert_ne!(token(&second, "refresh_token"), token(&first, "refresh_token"));
        assert_eq!(me_status(&app, &token(&second, "access_token")).await, 200);

        // The first refresh token again: stolen or duplicated, so the family dies.
        let body = problem(refresh(&app, &token(&first, "refresh_token")).await, 401).await;
        assert_eq!(body["code"], "refresh_token_reused");
        let body = problem(refresh(&app, &token(&second, "refresh_token")).await, 401).await;
        assert_eq!(body["code"], "refresh_token_invalid");
        let res = app.authed(Method::GET, "/api/v1/me", &token(&second, "access_token")).send().await.unwrap();
        assert_eq!(problem(res, 401).await["code"], "session_revoked");

        let body = problem(refresh(&app, "never-issued").await, 401).await;
        assert_eq!(body["code"], "refresh_token_invalid");
    }
);

api_test!(
    async fn refresh_tokens_expire_after_thirty_days(app) {
        app.active_account("long@example.cn").await;
        let s = app.session("long@example.cn").await;
        app.clock.advance(Duration::days(30));
        assert_eq!(problem(refresh(&app, &token(&s, "refresh_token")).await, 401).await["code"], "refresh_token_invalid");
    }
);

api_test!(
    async fn logout_ends_this_session_and_logout_everywhere_ends_all(app) {
        app.active_account("out@example.cn").await;
        let phone = app.session("out@example.cn").await;
        let laptop = app.session("out@example.cn").await;
        let tablet = app.session("out@example.cn").await;

        let res = app.authed(Method::DELETE, "/api/v1/sessions/current", &token(&phone, "access_token")).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 204);
        assert_eq!(me_status(&app, &token(&phone, "access_token")).await, 401);
        assert_eq!(refresh(&app, &token(&phone, "refresh_token")).await.status().as_u16(), 401);
        assert_eq!(me_status(&app, &token(&laptop, "access_token")).await, 200, "other devices stay logged in");

        let res = app.authed(Method::DELETE, "/api/v1/sessions", &token(&laptop, "access_token")).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 204);
        for s in [&laptop, &tablet] {
            assert_eq!(me_status(&app, &token(s, "access_token")).await, 401);
            assert_eq!(refresh(&app, &token(s, "refresh_token")).await.status().as_u16(), 401);
        }
    }
);

api_test!(
    async fn ten_wrong_passwords_lock_the_account_for_fifteen_minutes(app) {
        let created = app.register("lock@example.cn").await;
        app.activate("lock@example.cn").await;
        app.complete_registration("lock@example.cn").await;
        for _ in 0..10 {
            assert_eq!(problem(app.login("lock@example.cn", "WrongPass1").await, 401).await["code"], "invalid_credentials");
        }
        // Locked now: even the right password is refused, with the wait.
        let res = app.login("lock@example.cn", PASSWORD).await;
        let retry: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((890..=900).contains(&retry), "{retry}");
        assert_eq!(problem(res, 429).await["code"], "account_locked");

        app.clock.advance(Duration::minutes(14));
        assert_eq!(app.login("lock@example.cn", PASSWORD).await.status().as_u16(), 429);
        app.clock.advance(Duration::minutes(1) + Duration::seconds(1));
        app.session("lock@example.cn").await;
        let actions = app.audit_actions(created["id"].as_str().unwrap()).await;
        assert_eq!(actions.iter().filter(|a| *a == "account.login_failed").count(), 10);
        assert!(actions.contains(&"account.locked".to_owned()), "{actions:?}");
    }
);

api_test!(
    async fn unknown_emails_are_answered_exactly_like_known_ones(app) {
        app.active_account("known@example.cn").await;
        for email in ["known@example.cn", "unknown@example.cn"] {
            for _ in 0..10 {
                let body = problem(app.login(email, "WrongPass1").await, 401).await;
                assert_eq!(body["code"], "invalid_credentials");
                assert_eq!(body["detail"], "邮箱或密码不正确。");
            }
            let res = app.login(email, "WrongPass1").await;
            assert_eq!(problem(res, 429).await["code"], "account_locked", "{email}");
        }
    }
);

api_test!(with &[("APP_IP_LOGIN_MAX_FAILURES", "5")],
    async fn failed_logins_per_client_ip_are_throttled_across_accounts(app) {
    for i in 0..5 {
        assert_eq!(app.login(&format!("u{i}@example.cn"), "WrongPass1").await.status().as_u16(), 401);
    }
    let res = app.login("u9@example.cn", "WrongPass1").await;
    assert!(res.headers().contains_key("retry-after"));
    assert_eq!(problem(res, 429).await["code"], "too_many_failed_logins_from_ip");
});

api_test!(with &[("APP_IP_LOGIN_MAX_FAILURES", "5"), ("APP_IP_RATE_LIMITS", "off")],
    async fn per_ip_login_limits_can_be_lifted_for_test_suites_but_account_lockouts_stay(app) {
    for i in 0..8 {
        assert_eq!(app.login(&format!("u{i}@example.cn"), "WrongPass1").await.status().as_u16(), 401);
    }
    for _ in 0..10 {
        app.login("same@example.cn", "WrongPass1").await;
    }
    assert_eq!(problem(app.login("same@example.cn", "WrongPass1").await, 429).await["code"], "account_locked");
});

api_test!(
    async fn a_lockout_holds_on_every_instance_and_across_restarts(app) {
        app.active_account("multi@example.cn").await;
        for _ in 0..10 {
            app.login("multi@example.cn", "WrongPass1").await;
        }
        let other = app.another_instance().await;
        let res = app
            .client
            .post(format!("{other}/api/v1/sessions"))
            .json(&json!({"email": "multi@example.cn", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(problem(res, 429).await["code"], "account_locked");
    }
);

api_test!(
    async fn a_password_reset_link_sets_a_new_password_once_and_ends_every_session(app) {
        app.active_account("reset@example.cn").await;
        let before = app.session("reset@example.cn").await;
        let res = app.post("/api/v1/password-resets", json!({"email": "Reset@example.cn"})).await;
        assert_eq!(res.status().as_u16(), 202);
        let link = app.emailed_token("reset@example.cn", "/reset-password").await;
        let mails = app.outbox("reset@example.cn").await;
        assert!(mails.iter().any(|m| m["subject"].as_str().unwrap().contains("重置密码")));

        let body = problem(app.post("/api/v1/password-resets/confirm", json!({"token": link, "new_password": "123456"})).await, 422).await;
        assert_eq!(body["errors"][0]["field"], "new_password");
        assert_eq!(body["errors"][0]["code"], "password_too_common");

        let res = app.post("/api/v1/password-resets/confirm", json!({"token": link, "new_password": "BrandNew2026"})).await;
        assert_eq!(res.status().as_u16(), 204);
        assert_eq!(me_status(&app, &token(&before, "access_token")).await, 401, "every session ended");
        assert_eq!(app.login("reset@example.cn", PASSWORD).await.status().as_u16(), 401);
        assert_eq!(app.login("reset@example.cn", "BrandNew2026").await.status().as_u16(), 200);

        let again = app.post("/api/v1/password-resets/confirm", json!({"token": link, "new_password": "Another2026x"})).await;
        assert_eq!(problem(again, 400).await["code"], "token_used");
        let id = app.db.run(|conn| {
            use diesel::prelude::*;
            use xuexin::db::schema::accounts::dsl::*;
            Ok(accounts.filter(email.eq("reset@example.cn")).select(id).first::<String>(conn)?)
        }).await.unwrap();
        assert!(app.audit_actions(&id).await.contains(&"account.password_reset".to_owned()));
    }
);

api_test!(
    async fn reset_links_expire_after_an_hour_and_requests_say_nothing_about_unknown_emails(app) {
        app.active_account("late@example.cn").await;
        let unknown: Value = app.post("/api/v1/password-resets", json!({"email": "ghost@example.cn"})).await.json().await.unwrap();
        let known: Value = app.post("/api/v1/password-resets", json!({"email": "late@example.cn"})).await.json().await.unwrap();
        assert_eq!(unknown, known);
        assert!(app.outbox("ghost@example.cn").await.is_empty());
        let link = app.emailed_token("late@example.cn", "/reset-password").await;
        app.post("/api/v1/password-resets", json!({"email": "late@example.cn"})).await;
        let resets = app.outbox("late@example.cn").await.iter().filter(|m| m["subject"].as_str().unwrap().contains("重置")).count();
        assert_eq!(resets, 1, "at most one reset email a minute");

        app.clock.advance(Duration::minutes(61));
        let res = app.post("/api/v1/password-resets/confirm", json!({"token": link, "new_password": "BrandNew2026"})).await;
        assert_eq!(problem(res, 400).await["code"], "token_expired");
        let res = app.post("/api/v1/password-resets/confirm", json!({"token": "bogus", "new_password": "BrandNew2026"})).await;
        assert_eq!(problem(res, 400).await["code"], "token_invalid");
    }
);

api_test!(
    async fn changing_the_password_needs_the_current_one_and_ends_the_other_sessions(app) {
        app.active_account("change@example.cn").await;
        let here = app.session("change@example.cn").await;
        let elsewhere = app.session("change@example.cn").await;
        let access = token(&here, "access_token");

        let res = app.authed(Method::PUT, "/api/v1/me/password", &access).json(&json!({"current_password": "WrongPass1", "new_password": "BrandNew2026"})).send().await.unwrap();
        let body = problem(res, 422).await;
        assert_eq!((body["errors"][0]["field"].as_str(), body["errors"][0]["code"].as_str()), (Some("current_password"), Some("password_incorrect")));
        let res = app.authed(Method::PUT, "/api/v1/me/password", &access).json(&json!({"current_password": PASSWORD, "new_password": "short"})).send().await.unwrap();
        assert_eq!(problem(res, 422).await["errors"][0]["field"], "new_password");

        let res = app.authed(Method::PUT, "/api/v1/me/password", &access).json(&json!({"current_password": PASSWORD, "new_password": "BrandNew2026"})).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 204);
        assert_eq!(me_status(&app, &access).await, 200, "this session stays");
        assert_eq!(me_status(&app, &token(&elsewhere, "access_token")).await, 401, "the others end");
        assert_eq!(app.login("change@example.cn", "BrandNew2026").await.status().as_u16(), 200);
    }
);
