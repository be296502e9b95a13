//! Closing an account (注销账号): what ends at once, what is released, what is erased after the
//! grace period, and that a refusal closes nothing.

use chrono::Duration;
use diesel::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};
use xuexin::clock::Clock;
use xuexin_tests::flows::PASSWORD;
use xuexin_tests::{api_test, problem, wait_until, TestApp};

const DEMO: &[(&str, &str)] = &[("APP_DEMO_DATA", "true")];
/// 王小明 of the demo data: 北京大学 本科 在籍.
const WANG_ID: &str = "11019920050314011X";

async fn close(app: &TestApp, token: &str, password: &str, confirm: bool) -> reqwest::Response {
    app.send(
        Method::POST,
        "/api/v1/me/closure",
        token,
        json!({"password": password, "confirm": confirm}),
    )
    .await
}

fn token(body: &Value, name: &str) -> String {
    body[name].as_str().unwrap().to_owned()
}

/// The stored account row's personal fields: name, id_number, phone, email, closed_email,
/// closed_phone, password_hash, closed_at set, erased_at set.
type Row = (
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    String,
    bool,
    bool,
);

async fn row(app: &TestApp, id: &str) -> Option<Row> {
    use xuexin::db::schema::accounts as a;
    let id = id.to_owned();
    app.db
        .run(move |conn| {
            Ok(a::table
                .find(&id)
                .select((
                    a::name,
                    a::id_number,
                    a::phone,
                    a::email,
                    a::closed_email,
                    a::closed_phone,
                    a::password_hash,
                    a::closed_at.is_not_null(),
                    a::erased_at.is_not_null(),
                ))
                .first::<Row>(conn)
                .optional()?)
        })
        .await
        .unwrap()
}

/// The `after_state` of every audit event with `action` on `target`.
async fn audited(app: &TestApp, target: &str, action: &str) -> Vec<String> {
    use xuexin::db::schema::audit_events as a;
    let (target, action) = (target.to_owned(), action.to_owned());
    app.db
        .run(move |conn| {
            Ok(a::table
                .filter(a::target_id.eq(&target))
                .filter(a::action.eq(&action))
                .select(a::after_state.assume_not_null())
                .load::<String>(conn)?)
        })
        .await
        .unwrap()
}

async fn account_id(app: &TestApp, access: &str) -> String {
    token(&app.get_ok("/api/v1/me", access).await, "id")
}

api_test!(with DEMO,
    async fn closing_ends_every_session_revokes_reports_withdraws_photo_reports_and_releases_email_and_phone(app) {
        let first = app.student("wang@example.cn", "王小明", WANG_ID).await;
        let second = app.session("wang@example.cn").await;
        let id = account_id(&app, &first).await;
        let phone = row(&app, &id).await.unwrap().2.unwrap();

        let records = app.get_ok("/api/v1/me/enrollments", &first).await;
        let enrollment = records["items"][0]["id"].clone();
        let res = app.send(Method::POST, "/api/v1/me/verification-reports", &first,
            json!({"record_type": "enrollment", "record_id": enrollment, "valid_days": 90})).await;
        assert_eq!(res.status().as_u16(), 201);
        let code = token(&res.json().await.unwrap(), "code");
        assert_eq!(app.get(&format!("/api/v1/verification-reports/{code}")).await.status().as_u16(), 200);
        let res = app.send(Method::POST, "/api/v1/me/collation-requests", &first,
            json!({"kind": "none_of_these", "enrollment_id": enrollment, "message": "我的照片找不到了"})).await;
        assert_eq!(res.status().as_u16(), 201);
        let request = token(&res.json().await.unwrap(), "id");

        let res = close(&app, &first, PASSWORD, true).await;
        assert_eq!(res.status().as_u16(), 200);
        let body: Value = res.json().await.unwrap();
        let closed_at = chrono::DateTime::parse_from_rfc3339(body["closed_at"].as_str().unwrap()).unwrap();
        let erased_after = chrono::DateTime::parse_from_rfc3339(body["erased_after"].as_str().unwrap()).unwrap();
        assert_eq!(erased_after - closed_at, Duration::days(30));

        // Every session ends at once, on every instance: both access tokens, the refresh token.
        let other = app.another_instance().await;
        for access in [first.clone(), token(&second, "access_token")] {
            assert_eq!(app.authed(Method::GET, "/api/v1/me", &access).send().await.unwrap().status().as_u16(), 401);
            let res = app.client.get(format!("{other}/api/v1/me")).bearer_auth(&access).send().await.unwrap();
            assert_eq!(res.status().as_u16(), 401);
        }
        let res = app.post("/api/v1/sessions/refresh", json!({"refresh_token": second["refresh_token"]})).await;
        assert_eq!(res.status().as_u16(), 401);

        // The report answers like any revoked report.
        let body = problem(app.get(&format!("/api/v1/verification-reports/{code}")).await, 404).await;
        assert_eq!(body["code"], "report_revoked");

        // The photo report leaves the school's queue as withdrawn.
        let (status, decided_by, note): (String, Option<String>, Option<String>) = {
            use xuexin::db::schema::collation_requests as c;
            app.db.run(move |conn| Ok(c::table.find(&request).select((c::status, c::decided_by, c::decision_note)).first(conn)?)).await.unwrap()
        };
        assert_eq!((status.as_str(), decided_by), ("rejected", None));
        assert!(note.unwrap().contains("注销"));

        // The old account cannot log in (the answer of a wrong password) nor reset its password.
        let closed = problem(app.login("wang@example.cn", PASSWORD).await, 401).await;
        let unknown = problem(app.login("nobody@example.cn", PASSWORD).await, 401).await;
        assert_eq!((&closed["code"], &closed["detail"]), (&unknown["code"], &unknown["detail"]));
        let mails = app.outbox("wang@example.cn").await.len();
        let res = app.post("/api/v1/password-resets", json!({"email": "wang@example.cn"})).await;
        assert!(res.status().is_success());
        assert_eq!(app.outbox("wang@example.cn").await.len(), mails, "no reset email for a closed account");

        // The email, the phone and the ID number make a new account at once, which sees the records
        // (past the one-minute SMS cooldown of the number, which protects the phone, not the account).
        app.clock.advance(Duration::seconds(61));
        let renewed = app.student("wang@example.cn", "王小明", WANG_ID).await;
        let new_id = account_id(&app, &renewed).await;
        assert_ne!(new_id, id);
        assert_eq!(row(&app, &new_id).await.unwrap().2.unwrap(), phone, "the same phone number");
        assert_eq!(app.get_ok("/api/v1/me/enrollments", &renewed).await["items"][0]["id"], enrollment);

        // The tombstone keeps nothing usable until erasure, and the audit event copies no personal field.
        let stored = row(&app, &id).await.unwrap();
        assert_eq!(stored.3, format!("closed-{id}@closed.invalid"));
        assert_eq!((stored.2, stored.7, stored.8), (None, true, false));
        let events = audited(&app, &id, "account.closed").await;
        assert_eq!(events.len(), 1);
        let after: Value = serde_json::from_str(&events[0]).unwrap();
        assert_eq!((&after["sessions_revoked"], &after["reports_revoked"], &after["collation_requests_withdrawn"]), (&json!(2), &json!(1), &json!(1)));
        for personal in ["wang@", "王小明", WANG_ID, &phone] {
            assert!(!events[0].contains(personal), "{personal} in {}", events[0]);
        }
    }
);

api_test!(
    async fn a_wrong_password_or_a_missing_confirmation_closes_nothing_and_wrong_passwords_lock_like_logins(app) {
        app.active_account("keep@example.cn").await;
        let access = token(&app.session("keep@example.cn").await, "access_token");

        let body = problem(close(&app, &access, "", false).await, 422).await;
        let fields: Vec<_> = body["errors"].as_array().unwrap().iter().map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap())).collect();
        // Both problems at once; the order of field errors is not promised (they come in field order).
        assert_eq!(fields, [("confirm", "confirmation_required"), ("password", "password_required")]);
        let body = problem(close(&app, &access, PASSWORD, false).await, 422).await;
        assert_eq!(body["errors"][0]["field"], "confirm");

        for _ in 0..10 {
            let body = problem(close(&app, &access, "WrongPass1", true).await, 422).await;
            assert_eq!((&body["errors"][0]["field"], &body["errors"][0]["code"]), (&json!("password"), &json!("password_incorrect")));
        }
        // Ten wrong passwords lock the account like ten wrong logins: the right one is refused too.
        let body = problem(close(&app, &access, PASSWORD, true).await, 429).await;
        assert_eq!(body["code"], "account_locked");
        assert_eq!(problem(app.login("keep@example.cn", PASSWORD).await, 429).await["code"], "account_locked");

        // Nothing was closed.
        assert_eq!(app.get_ok("/api/v1/me", &access).await["status"], "active");
        let id = account_id(&app, &access).await;
        assert!(audited(&app, &id, "account.closed").await.is_empty());
        // Once the lockout is over, the right password closes it.
        app.clock.advance(Duration::minutes(16));
        let access = token(&app.session("keep@example.cn").await, "access_token");
        assert_eq!(close(&app, &access, PASSWORD, true).await.status().as_u16(), 200);
    }
);

api_test!(
    async fn closing_twice_at_once_closes_once(app) {
        app.active_account("twice@example.cn").await;
        let access = token(&app.session("twice@example.cn").await, "access_token");
        let id = account_id(&app, &access).await;
        let mut set = tokio::task::JoinSet::new();
        for _ in 0..4 {
            let (client, url, access) = (app.client.clone(), app.url("/api/v1/me/closure"), access.clone());
            set.spawn(async move {
                let body = json!({"password": PASSWORD, "confirm": true});
                client.post(url).bearer_auth(access).json(&body).send().await.unwrap().status().as_u16()
            });
        }
        let statuses = set.join_all().await;
        assert!(statuses.contains(&200) && statuses.iter().all(|s| [200, 401].contains(s)), "{statuses:?}");
        assert_eq!(audited(&app, &id, "account.closed").await.len(), 1);
    }
);

api_test!(with DEMO,
    async fn personal_fields_are_erased_after_the_grace_period_and_not_before_and_the_records_stay(app) {
        let access = app.student("wang@example.cn", "王小明", WANG_ID).await;
        let id = account_id(&app, &access).await;
        assert_eq!(close(&app, &access, PASSWORD, true).await.status().as_u16(), 200);
        let retention = xuexin::config::Config::from_lookup(&|_| None).unwrap().retention;
        let key = std::sync::Arc::new(app.audit_key());

        // A minute short of 30 days: everything the grace period needs is still there.
        app.clock.advance(Duration::days(30) - Duration::minutes(1));
        xuexin::housekeeping::retention(&app.db, &key, app.clock.now(), &retention).await.unwrap();
        let kept = row(&app, &id).await.unwrap();
        assert_eq!((kept.0.as_deref(), kept.1.as_deref(), kept.4.as_deref()), (Some("王小明"), Some(WANG_ID), Some("wang@example.cn")));
        assert!(kept.5.is_some() && kept.6.starts_with("$argon2") && !kept.8);

        // Past it, the housekeeping round of a (re)started instance erases them.
        app.clock.advance(Duration::minutes(2));
        app.another_instance().await;
        wait_until("the closed account is erased", || async { row(&app, &id).await.unwrap().8 }).await;
        let erased = row(&app, &id).await.unwrap();
        assert_eq!(erased, (None, None, None, format!("closed-{id}@closed.invalid"), None, None, String::new(), true, true));
        assert_eq!(audited(&app, &id, "account.erased").await.len(), 1);
        let after = &audited(&app, &id, "account.erased").await[0];
        assert!(!after.contains("wang@") && !after.contains(WANG_ID), "{after}");

        // The school's record is untouched.
        let records: i64 = {
            use xuexin::db::schema::enrollments as e;
            app.db.run(|conn| Ok(e::table.filter(e::id_number.eq(WANG_ID)).count().get_result(conn)?)).await.unwrap()
        };
        assert_eq!(records, 1);
        // Nothing of the old account answers a login.
        assert_eq!(problem(app.login("wang@example.cn", PASSWORD).await, 401).await["code"], "invalid_credentials");
    }
);

api_test!(
    async fn closing_voids_an_open_recovery_so_its_link_changes_nothing(app) {
        let id_number = xuexin_tests::flows::synthetic_id_number(41);
        let token = app.student("recovering@example.cn", "李明", &id_number).await;
        let phone = app
            .db
            .run(|conn| {
                use xuexin::db::schema::accounts as a;
                Ok(a::table
                    .filter(a::email.eq("recovering@example.cn"))
                    .select(a::phone)
                    .first::<Option<String>>(conn)?)
            })
            .await
            .unwrap()
            .unwrap();
        app.clock.advance(Duration::seconds(61));
        let who = json!({"name": "李明", "id_number": id_number, "phone": phone});
        let res = app.post("/api/v1/account-recovery/email", who.clone()).await;
        assert_eq!(res.status().as_u16(), 202);
        let code = app.sms_code(&phone).await;
        let mut verify = who.clone();
        verify["code"] = json!(code);
        verify["new_email"] = json!("taker@example.cn");
        let res = app.post("/api/v1/account-recovery/email/verify", verify).await;
        assert_eq!(res.status().as_u16(), 202);
        let link = app.emailed_token("taker@example.cn", "/recover/email/confirm").await;

        assert_eq!(close(&app, &token, PASSWORD, true).await.status().as_u16(), 200);
        // The link sent before the closure gives the closed account no email and no way back.
        let res = app
            .post("/api/v1/account-recovery/email/confirm", json!({"token": link}))
            .await;
        assert!(res.status().is_client_error(), "{}", res.status());
        assert_eq!(
            problem(app.login("taker@example.cn", PASSWORD).await, 401).await["code"],
            "invalid_credentials"
        );
        let left = app
            .db
            .run(|conn| {
                use xuexin::db::schema::account_recoveries as r;
                Ok(r::table.count().get_result::<i64>(conn)?)
            })
            .await
            .unwrap();
        assert_eq!(left, 0, "the closed account's recovery attempts are deleted with its links");
    }
);
