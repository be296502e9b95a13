//! The outbox delivers through real transports, survives gateway outages, and the dev mailbox
//! exists only in dev.

use std::time::Duration;

use diesel::prelude::*;
use serde_json::json;
use xuexin::db::schema::{outbox, outbox_attempts};
use xuexin_tests::smtp::SmtpSink;
use xuexin_tests::{api_test, problem, wait_until, Engine, TestApp};

async fn attempts(app: &TestApp, succeeded: bool) -> i64 {
    app.db
        .run(move |conn| {
            Ok(outbox_attempts::table
                .filter(outbox_attempts::succeeded.eq(succeeded))
                .count()
                .get_result(conn)?)
        })
        .await
        .unwrap()
}

async fn smtp_outage_then_recovery(engine: Engine) {
    let sink = SmtpSink::start_down().await;
    let port_text = sink.port().to_string();
    let settings = [
        ("APP_EMAIL_TRANSPORT", "smtp"),
        ("APP_SMTP_HOST", "127.0.0.1"),
        ("APP_SMTP_PORT", port_text.as_str()),
        ("APP_SMTP_TLS", "none"),
        ("APP_MAIL_FROM", "学信网 <no-reply@xuexin.test>"),
    ];
    let Some(app) = TestApp::spawn_with(engine, &settings).await else {
        return;
    };
    let emails = ["a@example.cn", "b@example.cn", "c@example.cn"];
    for e in emails {
        app.register(e).await;
    }
    // The SMTP server is down: every message gets a failed attempt and stays pending.
    wait_until("each message failed once", || async {
        attempts(&app, false).await >= 3
    })
    .await;
    let pending: i64 = app
        .db
        .run(|c| {
            Ok(outbox::table
                .filter(outbox::status.eq("pending"))
                .count()
                .get_result(c)?)
        })
        .await
        .unwrap();
    assert_eq!(pending, 3);

    sink.come_up();
    app.clock.advance(chrono::Duration::minutes(10));
    wait_until("all three arrived", || async { sink.messages().len() >= 3 }).await;
    // Give a duplicate every chance to show up.
    app.clock.advance(chrono::Duration::minutes(10));
    tokio::time::sleep(Duration::from_millis(400)).await;

    let mut recipients: Vec<String> = sink
        .messages()
        .iter()
        .flat_map(|m| m.recipients.clone())
        .collect();
    recipients.sort();
    assert_eq!(recipients, emails, "every message once");
    let message = &sink.messages()[0];
    assert!(
        message.data.contains("multipart/alternative"),
        "HTML with a plain-text part"
    );
    assert!(message
        .data
        .to_lowercase()
        .contains("content-type: text/html"));
    let sent: i64 = app
        .db
        .run(|c| {
            Ok(outbox::table
                .filter(outbox::status.eq("sent"))
                .count()
                .get_result(c)?)
        })
        .await
        .unwrap();
    assert_eq!(sent, 3);
    assert_eq!(attempts(&app, true).await, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_smtp_server_that_is_down_at_first_gets_every_message_once_it_is_back_sqlite() {
    smtp_outage_then_recovery(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_smtp_server_that_is_down_at_first_gets_every_message_once_it_is_back_postgres() {
    smtp_outage_then_recovery(Engine::Postgres).await;
}

api_test!(
    async fn the_dev_outbox_filters_by_the_normalised_recipient(app) {
        app.register("Filter.Me@example.cn").await;
        app.register("other@example.cn").await;
        let items = app.outbox(" FILTER.me@EXAMPLE.cn ").await;
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["to"], "filter.me@example.cn");
        assert_eq!(app.outbox("").await.len(), 2);
        let page = app.get("/dev/mailbox").await;
        assert_eq!(page.status().as_u16(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains("开发邮箱") && html.contains("filter.me@example.cn"));
        assert!(html.contains("<a href=\"http://127.0.0.1:8080/activate?token="), "links are clickable");
    }
);

api_test!(with &[
            ("APP_ENV", "production"),
            ("APP_JWT_SECRET", "a-production-secret-of-enough-length-0123"),
            ("APP_EMAIL_TRANSPORT", "smtp"),
            ("APP_SMTP_HOST", "127.0.0.1"),
            ("APP_SMTP_PORT", "9"),
            ("APP_SMS_TRANSPORT", "http"),
            ("APP_SMS_GATEWAY_URL", "http://127.0.0.1:9/unused"),
        ],
    async fn the_dev_outbox_and_mailbox_do_not_exist_in_production(app) {
    app.post("/api/v1/accounts", json!({"email": "prod@example.cn", "password": "Xuexin2026ok"})).await;
    problem(app.get("/api/v1/dev/outbox").await, 404).await;
    let res = app.client.get(app.url("/dev/mailbox")).header("accept", "application/json").send().await.unwrap();
    problem(res, 404).await;
});
