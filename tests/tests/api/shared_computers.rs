//! Sessions on shared computers (issue 12): absolute and idle limits of student sessions, with and
//! without 记住我; logging out of a staff and a student session of one browser; leaving an
//! unfinished registration (退出注册).

use chrono::{DateTime, Duration, Utc};
use reqwest::Method;
use serde_json::{json, Value};
use xuexin::clock::Clock;
use xuexin_tests::flows::PASSWORD;
use xuexin_tests::{api_test, problem, TestApp};

fn text(body: &Value, key: &str) -> String {
    body[key]
        .as_str()
        .unwrap_or_else(|| panic!("no {key} in {body}"))
        .to_owned()
}

fn session_end(body: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&text(body, "session_expires_at"))
        .unwrap()
        .with_timezone(&Utc)
}

async fn login_remembered(app: &TestApp, email: &str) -> Value {
    let res = app
        .post(
            "/api/v1/sessions",
            json!({"email": email, "password": PASSWORD, "remember_me": true}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    res.json().await.unwrap()
}

/// Refreshes with the `refresh_token` of `session`; returns the new session body, or the response
/// of a refused refresh.
async fn refresh(app: &TestApp, session: &Value) -> Result<Value, reqwest::Response> {
    let res = app
        .post(
            "/api/v1/sessions/refresh",
            json!({"refresh_token": text(session, "refresh_token")}),
        )
        .await;
    if res.status().as_u16() == 200 {
        Ok(res.json().await.unwrap())
    } else {
        Err(res)
    }
}

async fn refused(app: &TestApp, session: &Value) -> String {
    let res = refresh(app, session)
        .await
        .expect_err("the refresh should be refused");
    problem(res, 401).await["code"].as_str().unwrap().to_owned()
}

async fn me_status(app: &TestApp, access: &str) -> u16 {
    app.authed(Method::GET, "/api/v1/me", access)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

fn assert_about(actual: DateTime<Utc>, expected: DateTime<Utc>) {
    assert!(
        (actual - expected).num_milliseconds().abs() < 1000,
        "{actual} is not {expected}"
    );
}

api_test!(
    async fn a_session_without_remember_me_ends_twelve_hours_after_login_however_often_it_is_used(app) {
        app.active_account("short@example.cn").await;
        let login_at = app.clock.now();
        let mut s = app.session("short@example.cn").await;
        let end = session_end(&s);
        assert_about(end, login_at + Duration::hours(12));
        // Refreshing every 25 minutes keeps it alive but never moves its end.
        for _ in 0..28 {
            app.clock.advance(Duration::minutes(25));
            s = refresh(&app, &s).await.expect("a refresh within the limits works");
            assert_eq!(session_end(&s), end);
        }
        app.clock.set(end - Duration::minutes(1));
        s = refresh(&app, &s).await.expect("a minute before the end it still works");
        assert_eq!(me_status(&app, &text(&s, "access_token")).await, 200);
        app.clock.set(end);
        assert_eq!(refused(&app, &s).await, "refresh_token_invalid");
        assert_eq!(me_status(&app, &text(&s, "access_token")).await, 401, "its access token dies with it");
    }
);

api_test!(
    async fn a_session_without_remember_me_ends_after_thirty_idle_minutes(app) {
        app.active_account("idle@example.cn").await;
        let mut s = app.session("idle@example.cn").await;
        app.clock.advance(Duration::minutes(29));
        s = refresh(&app, &s).await.expect("29 minutes idle is within the limit");
        app.clock.advance(Duration::minutes(30));
        assert_eq!(refused(&app, &s).await, "refresh_token_invalid");
    }
);

api_test!(
    async fn a_remembered_session_lasts_thirty_days_from_login_and_ends_after_seven_idle_days(app) {
        app.active_account("remember@example.cn").await;
        let login_at = app.clock.now();
        let mut s = login_remembered(&app, "remember@example.cn").await;
        let end = session_end(&s);
        assert_about(end, login_at + Duration::days(30));
        for _ in 0..4 {
            app.clock.advance(Duration::days(6) + Duration::hours(23));
            s = refresh(&app, &s).await.expect("less than 7 idle days is within the limit");
            assert_eq!(session_end(&s), end);
        }
        app.clock.set(login_at + Duration::days(29));
        s = refresh(&app, &s).await.expect("day 29 is within the limit");
        app.clock.set(end);
        assert_eq!(refused(&app, &s).await, "refresh_token_invalid");

        let idle = login_remembered(&app, "remember@example.cn").await;
        app.clock.advance(Duration::days(7));
        assert_eq!(refused(&app, &idle).await, "refresh_token_invalid");
    }
);

api_test!(
    with &[("APP_SESSION_ABSOLUTE_HOURS", "2"), ("APP_SESSION_IDLE_MINS", "10")],
    async fn the_session_limits_are_settings(app) {
        app.active_account("tuned@example.cn").await;
        let login_at = app.clock.now();
        let s = app.session("tuned@example.cn").await;
        assert_about(session_end(&s), login_at + Duration::hours(2));
        app.clock.advance(Duration::minutes(10));
        assert_eq!(refused(&app, &s).await, "refresh_token_invalid");
    }
);

api_test!(
    async fn staff_and_student_sessions_of_one_browser_end_separately_on_the_server(app) {
        app.active_account("both@example.cn").await;
        let student = app.session("both@example.cn").await;
        let staff = app
            .staff_token(xuexin::staff::Role::PlatformAdmin, "both-staff@example.cn", None, None)
            .await;
        let staff_me = |token: String| {
            let app = &app;
            async move {
                app.authed(Method::GET, "/api/v1/staff/me", &token)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }
        };
        assert_eq!(staff_me(staff.clone()).await, 200);

        let res = app
            .authed(Method::DELETE, "/api/v1/staff/sessions/current", &staff)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 204);
        assert_eq!(staff_me(staff.clone()).await, 401, "the staff token is revoked");
        assert_eq!(me_status(&app, &text(&student, "access_token")).await, 200, "the student stays");

        let res = app
            .authed(Method::DELETE, "/api/v1/sessions/current", &text(&student, "access_token"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 204);
        assert_eq!(me_status(&app, &text(&student, "access_token")).await, 401);
        assert_eq!(refused(&app, &student).await, "refresh_token_invalid");
    }
);

async fn registration_status(app: &TestApp, token: &str) -> u16 {
    app.authed(Method::GET, "/api/v1/registration", token)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn abandon(app: &TestApp, token: &str) -> reqwest::Response {
    app.authed(Method::DELETE, "/api/v1/registration", token)
        .send()
        .await
        .unwrap()
}

api_test!(
    async fn leaving_a_registration_revokes_its_token_on_the_server(app) {
        let account = app.register("leave@example.cn").await;
        let token = app.activate("leave@example.cn").await;
        assert_eq!(registration_status(&app, &token).await, 200);

        assert_eq!(abandon(&app, &token).await.status().as_u16(), 204);
        let res = app
            .authed(Method::GET, "/api/v1/registration", &token)
            .send()
            .await
            .unwrap();
        assert_eq!(problem(res, 401).await["code"], "token_invalid");
        let res = app
            .authed(Method::PUT, "/api/v1/registration/identity", &token)
            .json(&json!({"name": "李明", "id_number": "11010519491231002X"}))
            .send()
            .await
            .unwrap();
        assert_eq!(problem(res, 401).await["code"], "token_invalid");
        assert_eq!(problem(abandon(&app, &token).await, 401).await["code"], "token_invalid");

        // The owner continues by logging in again (in the same second: a new, different token).
        let res = app.login("leave@example.cn", PASSWORD).await;
        let again: Value = res.json().await.unwrap();
        assert_eq!(again["status"], "registration_incomplete");
        let fresh = text(&again, "registration_token");
        assert_ne!(fresh, token);
        assert_eq!(registration_status(&app, &fresh).await, 200);

        let id = text(&account, "id");
        assert!(app.audit_actions(&id).await.contains(&"registration.abandoned".to_owned()));
    }
);

api_test!(
    async fn only_a_registration_token_can_leave_a_registration(app) {
        app.active_account("done@example.cn").await;
        let s = app.session("done@example.cn").await;
        let res = abandon(&app, &text(&s, "access_token")).await;
        assert_eq!(problem(res, 401).await["code"], "token_wrong_kind");
        assert_eq!(abandon(&app, "").await.status().as_u16(), 401);
    }
);
