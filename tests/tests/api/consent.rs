//! Consent to the privacy notice (issue 17): registration records it with its version and time;
//! a new version asks again at the next login and blocks every student operation but reading
//! the account, agreeing, logging out and downloading one's data until the student agrees.

use diesel::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};
use xuexin::clock::Clock;
use xuexin::db::schema::{accounts, consent_events};
use xuexin::privacy::NOTICE_VERSION;
use xuexin_tests::flows::PASSWORD;
use xuexin_tests::{api_test, problem, TestApp};

/// The field errors of a 422 as (field, code) pairs.
async fn field_codes(res: reqwest::Response) -> Vec<(String, String)> {
    let body = problem(res, 422).await;
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The consent history of the account: (kind, version, time).
async fn consents(app: &TestApp, account_id: &str) -> Vec<(String, String, chrono::NaiveDateTime)> {
    let id = account_id.to_owned();
    app.db
        .run(move |conn| {
            Ok(consent_events::table
                .filter(consent_events::account_id.eq(&id))
                .order(consent_events::id.asc())
                .select((
                    consent_events::kind,
                    consent_events::version,
                    consent_events::occurred_at,
                ))
                .load(conn)?)
        })
        .await
        .unwrap()
}

/// Makes the account's consent one to an older notice, as after the notice's version changed.
async fn agreed_to_an_older_notice(app: &TestApp, account_id: &str) {
    let id = account_id.to_owned();
    app.db
        .run(move |conn| {
            diesel::update(accounts::table.find(&id))
                .set(accounts::consent_version.eq("2025-01-01"))
                .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
}

api_test!(
    async fn registration_without_or_with_a_stale_consent_is_refused_naming_the_field(app) {
        let notice = app.get("/api/v1/privacy-notice").await;
        assert_eq!(notice.status().as_u16(), 200);
        let notice: Value = notice.json().await.unwrap();
        assert_eq!(notice["version"], NOTICE_VERSION);
        assert!(notice["published_on"].is_string());
        let res = app.post("/api/v1/privacy-notice", json!({})).await;
        assert_eq!(problem(res, 405).await["code"], "method_not_allowed");

        let res = app.post("/api/v1/accounts", json!({"email": "li@example.cn", "password": PASSWORD})).await;
        assert_eq!(field_codes(res).await, [("consent_version".to_owned(), "consent_missing".to_owned())]);
        let res = app
            .post("/api/v1/accounts", json!({"email": "li@example.cn", "password": PASSWORD, "consent_version": "2020-01-01"}))
            .await;
        assert_eq!(field_codes(res).await, [("consent_version".to_owned(), "consent_version_stale".to_owned())]);
        // Reported together with the other fields' problems.
        let res = app.post("/api/v1/accounts", json!({"email": "nope", "password": PASSWORD, "consent_version": ""})).await;
        let fields: Vec<String> = field_codes(res).await.into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["email", "consent_version"]);
        // Nothing was created: the address is still free and no activation mail went out.
        assert!(app.outbox("li@example.cn").await.is_empty());
        let res = app
            .post("/api/v1/accounts", json!({"email": "li@example.cn", "password": PASSWORD, "consent_version": NOTICE_VERSION}))
            .await;
        assert_eq!(res.status().as_u16(), 201);
    }
);

api_test!(
    async fn registration_records_the_consent_with_its_version_and_time(app) {
        let registered_at = xuexin::db::timestamp(app.clock.now());
        let created = app.register("li@example.cn").await;
        let id = created["id"].as_str().unwrap();
        let history = consents(&app, id).await;
        assert_eq!(history.len(), 1, "{history:?}");
        assert_eq!((history[0].0.as_str(), history[0].1.as_str()), ("given", NOTICE_VERSION));
        assert!((history[0].2 - registered_at).num_seconds().abs() <= 1, "{history:?}");

        app.activate("li@example.cn").await;
        app.complete_registration("li@example.cn").await;
        let session = app.session("li@example.cn").await;
        assert_eq!(session["consent_required"], false);
        let token = session["access_token"].as_str().unwrap();
        let me = app.get_ok("/api/v1/me", token).await;
        assert_eq!((me["consent_version"].as_str(), me["consent_required"].as_bool()), (Some(NOTICE_VERSION), Some(false)));
        app.get_ok("/api/v1/me/enrollments", token).await;
    }
);

api_test!(
    async fn a_new_notice_asks_again_and_blocks_other_operations_until_agreed(app) {
        let email = app.active_account("li@example.cn").await;
        let token = app.session(&email).await["access_token"].as_str().unwrap().to_owned();
        let id = app.get_ok("/api/v1/me", &token).await["id"].as_str().unwrap().to_owned();
        agreed_to_an_older_notice(&app, &id).await;

        // The session already open is stopped at once, not only the next login.
        let res = app.authed(Method::GET, "/api/v1/me/enrollments", &token).send().await.unwrap();
        assert_eq!(problem(res, 403).await["code"], "consent_required");

        let session = app.session(&email).await;
        assert_eq!(session["consent_required"], true, "the login answer says so");
        let token = session["access_token"].as_str().unwrap().to_owned();
        let me = app.get_ok("/api/v1/me", &token).await;
        assert_eq!((me["consent_required"].as_bool(), me["consent_version"].as_str()), (Some(true), Some("2025-01-01")));
        let refreshed = app.post("/api/v1/sessions/refresh", json!({"refresh_token": session["refresh_token"]})).await;
        let refreshed: Value = refreshed.json().await.unwrap();
        assert_eq!(refreshed["consent_required"], true, "{refreshed}");
        let token = refreshed["access_token"].as_str().unwrap().to_owned();

        for (method, path, body) in [
            (Method::GET, "/api/v1/me/enrollments", None),
            (Method::GET, "/api/v1/me/degrees", None),
            (Method::GET, "/api/v1/me/verification-reports", None),
            (Method::GET, "/api/v1/me/access-history", None),
            (Method::GET, "/api/v1/me/photo-candidates", None),
            (Method::PUT, "/api/v1/me/password", Some(json!({"current_password": PASSWORD, "new_password": "Another2026ok"}))),
        ] {
            let mut req = app.authed(method.clone(), path, &token);
            if let Some(b) = body {
                req = req.json(&b);
            }
            let res = req.send().await.unwrap();
            assert_eq!(problem(res, 403).await["code"], "consent_required", "{method} {path}");
        }
        // Reading one's data does not wait for consent.
        let export = app.get_ok("/api/v1/me/data-export", &token).await;
        assert_eq!(export["account"]["consent_version"], "2025-01-01");

        let res = app.send(Method::POST, "/api/v1/me/consent", &token, json!({"version": "2025-01-01"})).await;
        assert_eq!(field_codes(res).await, [("version".to_owned(), "consent_version_stale".to_owned())]);
        let res = app.send(Method::POST, "/api/v1/me/consent", &token, json!({})).await;
        assert_eq!(field_codes(res).await, [("version".to_owned(), "consent_missing".to_owned())]);
        app.get_ok("/api/v1/me", &token).await;
        let res = app.authed(Method::GET, "/api/v1/me/degrees", &token).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 403, "a refused consent changes nothing");

        let res = app.send(Method::POST, "/api/v1/me/consent", &token, json!({"version": NOTICE_VERSION})).await;
        assert_eq!(res.status().as_u16(), 200);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body, json!({"consent_version": NOTICE_VERSION, "consent_required": false}));
        app.get_ok("/api/v1/me/enrollments", &token).await;
        app.get_ok("/api/v1/me/access-history", &token).await;
        assert_eq!(app.get_ok("/api/v1/me", &token).await["consent_required"], false);
        // Agreeing twice records it once.
        let res = app.send(Method::POST, "/api/v1/me/consent", &token, json!({"version": NOTICE_VERSION})).await;
        assert_eq!(res.status().as_u16(), 200);
        let kinds: Vec<_> = consents(&app, &id).await.into_iter().map(|(k, v, _)| (k, v)).collect();
        assert_eq!(kinds, [("given".to_owned(), NOTICE_VERSION.to_owned()), ("given".to_owned(), NOTICE_VERSION.to_owned())]);
        let actions = app.audit_actions(&id).await;
        assert_eq!(actions.iter().filter(|a| *a == "consent.given").count(), 1, "{actions:?}");
        let login_again = app.session(&email).await;
        assert_eq!(login_again["consent_required"], false);
    }
);

api_test!(
    async fn a_student_asked_again_can_still_log_out(app) {
        let email = app.active_account("li@example.cn").await;
        let token = app.session(&email).await["access_token"].as_str().unwrap().to_owned();
        let id = app.get_ok("/api/v1/me", &token).await["id"].as_str().unwrap().to_owned();
        agreed_to_an_older_notice(&app, &id).await;
        let res = app.authed(Method::DELETE, "/api/v1/sessions/current", &token).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 204);
        let res = app.authed(Method::GET, "/api/v1/me", &token).send().await.unwrap();
        assert_eq!(problem(res, 401).await["code"], "session_revoked");
    }
);

api_test!(
    async fn a_student_who_does_not_agree_to_a_new_notice_can_close_the_account(app) {
        let email = app.active_account("no@example.cn").await;
        let token = app.session(&email).await["access_token"].as_str().unwrap().to_owned();
        let id = app.get_ok("/api/v1/me", &token).await["id"].as_str().unwrap().to_owned();
        agreed_to_an_older_notice(&app, &id).await;
        // Withdrawing consent is closing the account: the one way out must stay open.
        let res = app
            .send(
                Method::POST,
                "/api/v1/me/closure",
                &token,
                serde_json::json!({"password": xuexin_tests::flows::PASSWORD, "confirm": true}),
            )
            .await;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(problem(app.login(&email, xuexin_tests::flows::PASSWORD).await, 401).await["code"], "invalid_credentials");
    }
);
