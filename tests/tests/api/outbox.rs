//! The outbox delivers through real transports, survives gateway outages, and the dev mailbox
//! exists only in dev.

use std::time::Duration;

use diesel::prelude::*;
use serde_json::json;
use xuexin::db::schema::{outbox, outbox_attempts};
use xuexin_tests::smtp::{Secured, SmtpSink};
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
            ("APP_AUDIT_KEY", "a-production-audit-key-of-enough-length-0123"),
            ("APP_EMAIL_TRANSPORT", "smtp"),
            ("APP_SMTP_HOST", "127.0.0.1"),
            ("APP_SMTP_PORT", "9"),
            ("APP_SMS_TRANSPORT", "http"),
            ("APP_SMS_GATEWAY_URL", "http://127.0.0.1:9/unused"),
        ],
    async fn the_dev_outbox_and_mailbox_do_not_exist_in_production(app) {
    app.post("/api/v1/accounts", json!({"email": "prod@example.cn", "password": "Xuexin2026ok", "consent_version": xuexin::privacy::NOTICE_VERSION})).await;
    problem(app.get("/api/v1/dev/outbox").await, 404).await;
    let res = app.client.get(app.url("/dev/mailbox")).header("accept", "application/json").send().await.unwrap();
    problem(res, 404).await;
});

/// Settings for the secured sink: STARTTLS to 127.0.0.1 (in the certificate), with a login.
fn secured_settings(port: &str, ca_file: Option<&str>, password: &str) -> Vec<(String, String)> {
    let mut settings = vec![
        ("APP_EMAIL_TRANSPORT", "smtp"),
        ("APP_SMTP_HOST", "127.0.0.1"),
        ("APP_SMTP_PORT", port),
        ("APP_SMTP_TLS", "starttls"),
        ("APP_SMTP_USERNAME", "mailer"),
        ("APP_SMTP_PASSWORD", password),
        ("APP_MAIL_FROM", "学信网 <no-reply@xuexin.test>"),
    ];
    if let Some(file) = ca_file {
        settings.push(("APP_SMTP_CA_FILE", file));
    }
    settings
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

async fn spawn_with_owned(engine: Engine, settings: &[(String, String)]) -> Option<TestApp> {
    let borrowed: Vec<(&str, &str)> = settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    TestApp::spawn_with(engine, &borrowed).await
}

/// A relay as production uses it: STARTTLS with a certificate the server must verify (trusted
/// through APP_SMTP_CA_FILE) and a login, with each SASL mechanism lettre may pick.
async fn smtp_starttls_with_login(engine: Engine) {
    for mechanisms in ["PLAIN LOGIN", "LOGIN"] {
        let secured = Secured::new("mailer", "Relay-Pass-2026", mechanisms);
        let ca = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(ca.path(), &secured.ca_pem).unwrap();
        let sink = SmtpSink::start_secured(secured).await;
        let port = sink.port().to_string();
        let settings = secured_settings(&port, ca.path().to_str(), "Relay-Pass-2026");
        let Some(app) = spawn_with_owned(engine, &settings).await else {
            return;
        };
        app.register("tls@example.cn").await;
        wait_until("the message arrived", || async {
            !sink.messages().is_empty()
        })
        .await;
        let message = &sink.messages()[0];
        assert_eq!(message.recipients, ["tls@example.cn"], "{mechanisms}");
        assert_eq!(message.user.as_deref(), Some("mailer"), "{mechanisms}");
        assert!(message.encrypted, "{mechanisms}");
        assert!(message.data.contains("multipart/alternative"));
        wait_until("it is marked sent", || async {
            attempts(&app, true).await == 1
        })
        .await;
        assert_eq!(attempts(&app, false).await, 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_goes_through_starttls_and_a_login_to_a_relay_with_a_private_ca_sqlite() {
    smtp_starttls_with_login(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_goes_through_starttls_and_a_login_to_a_relay_with_a_private_ca_postgres() {
    smtp_starttls_with_login(Engine::Postgres).await;
}

/// Without trusting the relay's CA, or with the wrong password, nothing is sent: the attempt
/// fails and the message waits for a retry.
async fn smtp_refused(engine: Engine) {
    let secured = Secured::new("mailer", "Relay-Pass-2026", "PLAIN LOGIN");
    let ca = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(ca.path(), &secured.ca_pem).unwrap();
    let sink = SmtpSink::start_secured(secured).await;
    let port = sink.port().to_string();
    for (why, settings) in [
        (
            "an untrusted certificate",
            secured_settings(&port, None, "Relay-Pass-2026"),
        ),
        (
            "a wrong password",
            secured_settings(&port, ca.path().to_str(), "Wrong-Pass-2026"),
        ),
    ] {
        let Some(app) = spawn_with_owned(engine, &settings).await else {
            return;
        };
        app.register("refused@example.cn").await;
        wait_until(&format!("the attempt with {why} failed"), || async {
            attempts(&app, false).await == 1
        })
        .await;
        assert_eq!(attempts(&app, true).await, 0, "{why}");
        assert!(sink.messages().is_empty(), "{why}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_with_an_untrusted_certificate_or_a_wrong_login_gets_nothing_sqlite() {
    smtp_refused(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_with_an_untrusted_certificate_or_a_wrong_login_gets_nothing_postgres() {
    smtp_refused(Engine::Postgres).await;
}
