//! Retention: the housekeeping task deletes each kind of personal data once its period is over
//! and keeps it until then. Each test moves the server's clock to a minute before and a minute
//! after a period and runs one retention round.

use std::sync::Arc;

use chrono::Duration;
use diesel::prelude::*;
use reqwest::Method;
use serde_json::json;
use xuexin::clock::Clock;
use xuexin::housekeeping::Purged;
use xuexin_tests::{api_test, wait_until, TestApp};

/// One retention round with the default periods at the server's current time.
async fn round(app: &TestApp) -> Purged {
    let retention = xuexin::config::Config::from_lookup(&|_| None)
        .unwrap()
        .retention;
    let key = Arc::new(app.audit_key());
    xuexin::housekeeping::retention(&app.db, &key, app.clock.now(), &retention)
        .await
        .unwrap()
}

fn minute() -> Duration {
    Duration::minutes(1)
}

/// Counts the rows of `table`: those of `account` for the per-account tables, else all of them.
async fn count(app: &TestApp, table: &'static str, account: Option<&str>) -> i64 {
    use xuexin::db::schema::*;
    let account = account.map(str::to_owned);
    app.db
        .run(move |conn| {
            let a = account.clone().unwrap_or_default();
            Ok(match table {
                "accounts" => accounts::table
                    .filter(accounts::id.eq(&a))
                    .count()
                    .get_result(conn)?,
                "account_tokens" => account_tokens::table
                    .filter(account_tokens::account_id.eq(&a))
                    .count()
                    .get_result(conn)?,
                "abandoned_registration_tokens" => abandoned_registration_tokens::table
                    .count()
                    .get_result(conn)?,
                "sessions" => sessions::table
                    .filter(sessions::account_id.eq(&a))
                    .count()
                    .get_result(conn)?,
                "refresh_tokens" => refresh_tokens::table
                    .inner_join(sessions::table)
                    .filter(sessions::account_id.eq(&a))
                    .count()
                    .get_result(conn)?,
                "sms_codes" => sms_codes::table.count().get_result(conn)?,
                "identity_submissions" => identity_submissions::table.count().get_result(conn)?,
                "outbox" => outbox::table.count().get_result(conn)?,
                "outbox_attempts" => outbox_attempts::table.count().get_result(conn)?,
                "rate_events" => rate_events::table.count().get_result(conn)?,
                "rate_counters" => rate_counters::table.count().get_result(conn)?,
                "lockouts" => lockouts::table.count().get_result(conn)?,
                other => panic!("no count for {other}"),
            })
        })
        .await
        .unwrap()
}

async fn id_of(app: &TestApp, email: &str) -> String {
    use xuexin::db::schema::accounts as a;
    let email = email.to_owned();
    app.db
        .run(move |conn| {
            Ok(a::table
                .filter(a::email.eq(&email))
                .select(a::id)
                .first(conn)?)
        })
        .await
        .unwrap()
}

api_test!(
    async fn unfinished_registrations_are_deleted_thirty_days_after_their_last_change_with_their_tokens(app) {
        app.register("never@example.cn").await;
        app.register("half@example.cn").await;
        app.activate("half@example.cn").await;
        app.active_account("done@example.cn").await;
        let (never, half, done) = (id_of(&app, "never@example.cn").await, id_of(&app, "half@example.cn").await, id_of(&app, "done@example.cn").await);
        assert_eq!(count(&app, "account_tokens", Some(&never)).await, 1);

        app.clock.advance(Duration::days(30) - minute());
        assert_eq!(round(&app).await.unfinished_registrations, 0);
        for id in [&never, &half, &done] {
            assert_eq!(count(&app, "accounts", Some(id)).await, 1);
        }

        app.clock.advance(minute() * 2);
        assert_eq!(round(&app).await.unfinished_registrations, 2);
        assert_eq!(count(&app, "accounts", Some(&never)).await, 0);
        assert_eq!(count(&app, "accounts", Some(&half)).await, 0);
        assert_eq!(count(&app, "account_tokens", Some(&never)).await, 0);
        assert_eq!(count(&app, "account_tokens", Some(&half)).await, 0);
        // A complete account is never an unfinished registration, however old.
        assert_eq!(count(&app, "accounts", Some(&done)).await, 1);
        // The address is free again, and the deletion is audited without it.
        app.register("never@example.cn").await;
        let events = app.audit_actions(&never).await;
        assert_eq!(events.last().unwrap(), "account.unfinished_registration_deleted");
    }
);

api_test!(
    async fn one_time_links_and_abandoned_registration_tokens_are_deleted_seven_days_after_they_expire(app) {
        app.active_account("reset@example.cn").await;
        let id = id_of(&app, "reset@example.cn").await;
        // An activation link (lives 24 h, used), a reset link (lives 60 min, unused).
        assert!(app.post("/api/v1/password-resets", json!({"email": "reset@example.cn"})).await.status().is_success());
        assert_eq!(count(&app, "account_tokens", Some(&id)).await, 2);
        // A registration given up with 退出注册: its token is remembered until 2 h after issue.
        app.register("leave@example.cn").await;
        let registration = app.activate("leave@example.cn").await;
        let res = app.authed(Method::DELETE, "/api/v1/registration", &registration).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 204);
        assert_eq!(count(&app, "abandoned_registration_tokens", None).await, 1);

        app.clock.advance(Duration::hours(1) + Duration::days(7) - minute());
        round(&app).await;
        assert_eq!(count(&app, "account_tokens", Some(&id)).await, 2);
        app.clock.advance(minute() * 2);
        round(&app).await;
        assert_eq!(count(&app, "account_tokens", Some(&id)).await, 1, "the reset link is gone");

        app.clock.advance(Duration::hours(1) - minute() * 2);
        round(&app).await;
        assert_eq!(count(&app, "abandoned_registration_tokens", None).await, 1);
        app.clock.advance(minute() * 2);
        round(&app).await;
        assert_eq!(count(&app, "abandoned_registration_tokens", None).await, 0);

        app.clock.advance(Duration::hours(22) - minute() * 2);
        round(&app).await;
        assert_eq!(count(&app, "account_tokens", Some(&id)).await, 1);
        app.clock.advance(minute() * 2);
        round(&app).await;
        assert_eq!(count(&app, "account_tokens", Some(&id)).await, 0, "the activation link is gone");
    }
);

api_test!(
    async fn ended_sessions_and_expired_refresh_tokens_are_deleted_thirty_days_after_they_end(app) {
        app.active_account("s@example.cn").await;
        let id = id_of(&app, "s@example.cn").await;
        let ended = app.session("s@example.cn").await;
        let res = app.authed(Method::DELETE, "/api/v1/sessions/current", ended["access_token"].as_str().unwrap()).send().await.unwrap();
        assert!(res.status().is_success(), "logout: {}", res.status());
        // A live session: ends 12 h after login; its refresh token after 30 idle minutes.
        app.session("s@example.cn").await;
        assert_eq!(count(&app, "sessions", Some(&id)).await, 2);

        app.clock.advance(Duration::days(30) - minute());
        round(&app).await;
        assert_eq!(count(&app, "sessions", Some(&id)).await, 2);
        assert_eq!(count(&app, "refresh_tokens", Some(&id)).await, 2);

        app.clock.advance(minute() * 2);
        let purged = round(&app).await;
        assert_eq!(purged.ended_sessions, 1, "{purged:?}");
        assert_eq!(count(&app, "sessions", Some(&id)).await, 1);
        assert_eq!(count(&app, "refresh_tokens", Some(&id)).await, 1);

        app.clock.advance(Duration::minutes(30));
        round(&app).await;
        assert_eq!(count(&app, "refresh_tokens", Some(&id)).await, 0, "the expired refresh token is gone");
        assert_eq!(count(&app, "sessions", Some(&id)).await, 1);

        app.clock.advance(Duration::hours(12) - Duration::minutes(30) - minute() * 2);
        round(&app).await;
        assert_eq!(count(&app, "sessions", Some(&id)).await, 1);
        app.clock.advance(minute() * 2);
        round(&app).await;
        assert_eq!(count(&app, "sessions", Some(&id)).await, 0, "the session that ran out is gone");
    }
);

api_test!(
    async fn login_records_sms_codes_name_id_attempts_and_delivered_messages_go_after_their_periods(app) {
        app.active_account("m@example.cn").await;
        wait_until("every message is delivered", || async {
            use xuexin::db::schema::outbox as o;
            app.db.run(|conn| Ok(o::table.filter(o::status.ne("sent")).count().get_result::<i64>(conn)?)).await.unwrap() == 0
        }).await;
        // Ten wrong passwords: login records and a lockout until 15 minutes from now.
        for _ in 0..10 {
            app.login("m@example.cn", "WrongPass1").await;
        }
        // More login records than one batch holds, all as old as these.
        let now = xuexin::db::timestamp(app.clock.now());
        app.db.run(move |conn| {
            xuexin::db::write_transaction(conn, |conn| {
                (0..1200).try_for_each(|i| xuexin::ratelimit::record(conn, "login_failure_ip", &format!("10.0.{}.{}", i / 256, i % 256), now))
            })?;
            Ok(())
        }).await.unwrap();
        // A public lookup: its client IP is counted for the minute.
        assert_eq!(app.get("/api/v1/degree-checks?certificate_no=1&name=x").await.status().as_u16(), 200);
        assert_eq!(count(&app, "rate_counters", None).await, 1);
        let (sms, submissions, messages) = (count(&app, "sms_codes", None).await, count(&app, "identity_submissions", None).await, count(&app, "outbox", None).await);
        assert!(sms >= 1 && submissions >= 1 && messages >= 2, "{sms} {submissions} {messages}");
        assert!(count(&app, "outbox_attempts", None).await >= 2);

        // Login records: one day; the lockout a day after it ended.
        app.clock.advance(Duration::days(1) - minute());
        round(&app).await;
        assert!(count(&app, "rate_events", None).await > 1200);
        assert_eq!(count(&app, "rate_counters", None).await, 1);
        app.clock.advance(minute() * 2);
        let purged = round(&app).await;
        assert!(purged.login_records > 1200, "{purged:?}");
        assert_eq!((count(&app, "rate_events", None).await, count(&app, "rate_counters", None).await), (0, 0));
        assert_eq!(count(&app, "lockouts", None).await, 1);
        app.clock.advance(Duration::minutes(15));
        round(&app).await;
        assert_eq!(count(&app, "lockouts", None).await, 0);

        // SMS codes and name/ID attempts: seven days.
        app.clock.advance(Duration::days(6) - Duration::minutes(15) - minute() * 2);
        round(&app).await;
        assert_eq!((count(&app, "sms_codes", None).await, count(&app, "identity_submissions", None).await), (sms, submissions));
        app.clock.advance(minute() * 2);
        round(&app).await;
        assert_eq!((count(&app, "sms_codes", None).await, count(&app, "identity_submissions", None).await), (0, 0));

        // Delivered messages: thirty days, with their delivery attempts.
        app.clock.advance(Duration::days(23) - minute() * 2);
        round(&app).await;
        assert_eq!(count(&app, "outbox", None).await, messages);
        app.clock.advance(minute() * 2);
        round(&app).await;
        assert_eq!((count(&app, "outbox", None).await, count(&app, "outbox_attempts", None).await), (0, 0));
        // The account itself is not touched by any of this.
        let access = app.session("m@example.cn").await;
        assert_eq!(app.get_ok("/api/v1/me", access["access_token"].as_str().unwrap()).await["status"], "active");
    }
);
