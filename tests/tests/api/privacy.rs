//! Trust: what public answers give away, reports that outlive the identity they prove, and
//! secrets kept in the outbox.

use std::collections::BTreeSet;
use std::time::Duration as StdDuration;

use chrono::Duration;
use diesel::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};
use xuexin::clock::Clock;
use xuexin::staff::Role;
use xuexin_tests::flows::synthetic_id_number;
use xuexin_tests::{api_test, problem, TestApp};

const DEMO: &[(&str, &str)] = &[("APP_DEMO_DATA", "true")];

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

/// Creates a report on the student's first record of `kind` and returns its code.
async fn report(app: &TestApp, token: &str, kind: &str) -> String {
    let list = app.get_ok(&format!("/api/v1/me/{kind}s"), token).await;
    let body = json!({"record_type": kind, "record_id": list["items"][0]["id"], "valid_days": 90});
    let res = app
        .send(Method::POST, "/api/v1/me/verification-reports", token, body)
        .await;
    assert_eq!(res.status().as_u16(), 201);
    res.json::<Value>().await.unwrap()["code"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn public(app: &TestApp, code: &str) -> reqwest::Response {
    app.get(&format!("/api/v1/verification-reports/{code}"))
        .await
}

/// The `after_state` and `reason` of the newest audit event with `action` on `target`.
async fn audited(app: &TestApp, target: &str, action: &str) -> (Value, Option<String>) {
    use xuexin::db::schema::audit_events as a;
    let (target, action) = (target.to_owned(), action.to_owned());
    let (after, reason): (Option<String>, Option<String>) = app
        .db
        .run(move |conn| {
            Ok(a::table
                .filter(a::target_id.eq(&target))
                .filter(a::action.eq(&action))
                .order(a::id.desc())
                .select((a::after_state, a::reason))
                .first(conn)?)
        })
        .await
        .unwrap();
    (serde_json::from_str(&after.unwrap()).unwrap(), reason)
}

api_test!(with DEMO,
    async fn a_public_report_shows_what_a_verifier_needs_and_no_id_number(app) {
        // 李华, born 2001-08-02: the masked number 310199********022X beside that date was the whole number.
        let li = app.student("lihua@example.cn", "李华", "31019920010802022X").await;
        let code = report(&app, &li, "degree").await;
        let res = public(&app, &code).await;
        assert_eq!(res.status().as_u16(), 200);
        let text = res.text().await.unwrap();
        assert!(!text.contains("310199") && !text.contains("2001-08-02") && !text.contains("20010802"), "{text}");
        let body: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            body["degree"],
            json!({"name": "李华", "sex": "女", "school_name": "清华大学", "level": "本科", "study_form": "普通全日制", "graduation_date": "2023-07-01"})
        );
        assert_eq!(body["enrollment"], Value::Null);

        let wang = app.student("wang@example.cn", "王小明", "11019920050314011X").await;
        let code = report(&app, &wang, "enrollment").await;
        let text = public(&app, &code).await.text().await.unwrap();
        assert!(!text.contains("110199") && !text.contains("2005-03-14"), "{text}");
        let body: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            keys(&body["enrollment"]),
            BTreeSet::from(["name", "sex", "school_name", "level", "study_form", "entry_date", "expected_graduation", "status", "qualification_pending"])
        );
        assert_eq!((body["enrollment"]["name"].as_str(), body["enrollment"]["school_name"].as_str()), (Some("王小明"), Some("北京大学")));

        // The public degree check keeps its masked number, but never beside a birth date or a photo.
        let check = app.get("/api/v1/degree-checks?certificate_no=100031202305000123&name=%E6%9D%8E%E5%8D%8E").await.text().await.unwrap();
        assert!(check.contains("310199********022X"), "{check}");
        assert!(!check.contains("2001-08-02") && !check.contains("birth") && !check.contains("photo"), "{check}");
    }
);

api_test!(with DEMO,
    async fn detaching_an_identity_revokes_the_accounts_reports_with_the_reason(app) {
        let squatter = app.student("squat@example.cn", "王小明", "11019920050314011X").await;
        let enrollment = report(&app, &squatter, "enrollment").await;
        let second = report(&app, &squatter, "enrollment").await;
        assert_eq!(public(&app, &enrollment).await.status().as_u16(), 200);
        let support = app.staff_token(Role::Support, "desk@example.cn", None, None).await;
        let account = app.get_ok("/api/v1/support/accounts?email=squat@example.cn", &support).await["items"][0]["id"].as_str().unwrap().to_owned();

        let res = app.send(Method::POST, &format!("/api/v1/support/accounts/{account}/identity/detach"), &support, json!({"reason": "经核实为他人冒用身份证号注册"})).await;
        assert_eq!(res.status().as_u16(), 200);
        for code in [&enrollment, &second] {
            assert_eq!(problem(public(&app, code).await, 404).await["code"], "report_revoked");
        }
        let (after, reason) = audited(&app, &account, "account.identity_detached").await;
        assert_eq!(after["reports_revoked"], 2);
        assert_eq!(reason.as_deref(), Some("经核实为他人冒用身份证号注册"));

        // The rightful owner registers with the number: the squatter's reports stay dead.
        let owner = app.student("owner@example.cn", "王小明", "11019920050314011X").await;
        assert_eq!(problem(public(&app, &enrollment).await, 404).await["code"], "report_revoked");
        let own = report(&app, &owner, "enrollment").await;
        assert_eq!(public(&app, &own).await.status().as_u16(), 200);
    }
);

api_test!(with DEMO,
    async fn correcting_an_identity_revokes_the_accounts_reports_and_they_cannot_be_extended(app) {
        let li = app.student("lihua@example.cn", "李华", "31019920010802022X").await;
        let code = report(&app, &li, "degree").await;
        let support = app.staff_token(Role::Support, "desk@example.cn", None, None).await;
        let account = app.get_ok("/api/v1/support/accounts?email=lihua@example.cn", &support).await["items"][0]["id"].as_str().unwrap().to_owned();
        let body = json!({"name": "李华", "id_number": synthetic_id_number(7), "reason": "身份证号录入错误"});
        let res = app.send(Method::PATCH, &format!("/api/v1/support/accounts/{account}/identity"), &support, body).await;
        assert_eq!(res.status().as_u16(), 200);

        assert_eq!(problem(public(&app, &code).await, 404).await["code"], "report_revoked");
        let res = app.send(Method::POST, &format!("/api/v1/me/verification-reports/{code}/extend"), &li, json!({"valid_days": 60})).await;
        assert_eq!(problem(res, 409).await["code"], "report_revoked");
        let list = app.get_ok("/api/v1/me/verification-reports", &li).await;
        assert_eq!(list["items"][0]["state"], "revoked");
        let (after, reason) = audited(&app, &account, "account.identity_corrected").await;
        assert_eq!(after["reports_revoked"], 1);
        assert_eq!(reason.as_deref(), Some("身份证号录入错误"));
    }
);

api_test!(with DEMO,
    async fn a_report_stops_vouching_when_its_record_is_corrected_to_another_name(app) {
        let wang = app.student("wang@example.cn", "王小明", "11019920050314011X").await;
        let code = report(&app, &wang, "enrollment").await;
        let school = app.staff_token(Role::SchoolAdmin, "pku@example.cn", Some("10001"), None).await;
        let reviewer = app.staff_token(Role::ProvincialReviewer, "bj@example.cn", None, Some("11")).await;
        let record = app.find_enrollment(&school, "10001", "11019920050314011X").await;
        let body = json!({"changes": {"name": "王晓明"}, "reason": "依据身份证更正姓名"});
        let res = app.send(Method::POST, &format!("/api/v1/enrollments/{}/change-requests", record["id"].as_str().unwrap()), &school, body).await;
        assert_eq!(res.status().as_u16(), 201);
        let request: Value = res.json().await.unwrap();
        // Pending, nothing changed: the report still vouches.
        assert_eq!(public(&app, &code).await.status().as_u16(), 200);
        let res = app.send(Method::POST, &format!("/api/v1/change-requests/{}/approve", request["id"].as_str().unwrap()), &reviewer, json!({})).await;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(problem(public(&app, &code).await, 404).await["code"], "report_revoked");
        // For its holder it counts as revoked too, and cannot be extended.
        assert_eq!(app.get_ok("/api/v1/me/verification-reports", &wang).await["items"][0]["state"], "revoked");
        let res = app.send(Method::POST, &format!("/api/v1/me/verification-reports/{code}/extend"), &wang, json!({"valid_days": 60})).await;
        assert_eq!(problem(res, 409).await["code"], "report_revoked");
    }
);

api_test!(with DEMO,
    async fn a_report_stops_vouching_when_its_record_is_revoked(app) {
        // 刘洋's 复旦大学 adult-education record duplicates the 浙江大学 one.
        let student = app.student("ly@example.cn", "刘洋", "330199199806180448").await;
        let fudan = app.staff_token(Role::SchoolAdmin, "fudan@example.cn", Some("10246"), None).await;
        let dup = app.find_enrollment(&fudan, "10246", "330199199806180448").await["id"].as_str().unwrap().to_owned();
        let body = json!({"record_type": "enrollment", "record_id": dup, "valid_days": 90});
        let res = app.send(Method::POST, "/api/v1/me/verification-reports", &student, body).await;
        let code = res.json::<Value>().await.unwrap()["code"].as_str().unwrap().to_owned();
        assert_eq!(public(&app, &code).await.status().as_u16(), 200);
        let res = app.send(Method::POST, &format!("/api/v1/enrollments/{dup}/revocation"), &fudan, json!({"reason": "与浙江大学成人教育学籍重复"})).await;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(problem(public(&app, &code).await, 404).await["code"], "report_revoked");
    }
);

/// Every outbox row: (channel, status, body_text, body_html, params, redacted).
type Row = (String, String, String, Option<String>, Option<String>, bool);

async fn outbox_rows(app: &TestApp) -> Vec<Row> {
    use xuexin::db::schema::outbox as o;
    app.db
        .run(|conn| {
            let rows: Vec<(
                String,
                String,
                String,
                Option<String>,
                Option<String>,
                Option<chrono::NaiveDateTime>,
            )> = o::table
                .order(o::channel.asc())
                .select((
                    o::channel,
                    o::status,
                    o::body_text,
                    o::body_html,
                    o::params,
                    o::redacted_at,
                ))
                .load(conn)?;
            Ok(rows
                .into_iter()
                .map(|(c, s, t, h, p, r)| (c, s, t, h, p, r.is_some()))
                .collect())
        })
        .await
        .unwrap()
}

/// Waits (real time, for the background tasks) until `done` holds for the outbox rows.
async fn outbox_until(app: &TestApp, done: impl Fn(&[Row]) -> bool) -> Vec<Row> {
    for _ in 0..200 {
        let rows = outbox_rows(app).await;
        if done(&rows) {
            return rows;
        }
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
    panic!("the outbox never got there: {:?}", outbox_rows(app).await);
}

api_test!(with &[("APP_OUTBOX_REDACT_AFTER_HOURS", "24")],
    async fn delivered_links_and_codes_are_cut_from_the_outbox_after_the_set_hours(app) {
        app.register("r@example.cn").await;
        let activation = app.emailed_token("r@example.cn", "/activate").await;
        let registration = app.activate("r@example.cn").await;
        assert_eq!(app.identity(&registration, "李明", &synthetic_id_number(3)).await.status().as_u16(), 200);
        assert_eq!(app.request_code(&registration, "13800138000").await.status().as_u16(), 202);
        let code = app.sms_code("13800138000").await;
        outbox_until(&app, |rows| rows.len() == 2 && rows.iter().all(|r| r.1 == "sent")).await;

        // A minute short of a day after delivery: still whole.
        app.clock.advance(Duration::hours(24) - Duration::minutes(1));
        assert_eq!(xuexin::outbox::redaction::run(&app.db, app.clock.now(), 24).await.unwrap(), 0);
        let rows = outbox_rows(&app).await;
        assert!(rows[0].2.contains(&activation) && rows[1].2.contains(&code));

        // A day after: the housekeeping round of a (re)started instance cuts them.
        app.clock.advance(Duration::minutes(2));
        app.another_instance().await;
        let rows = outbox_until(&app, |rows| rows.iter().all(|r| r.5)).await;
        let (email, sms) = (&rows[0], &rows[1]);
        assert_eq!((email.0.as_str(), sms.0.as_str()), ("email", "sms"));
        assert!(email.2.contains("/activate?token=[redacted]"), "{}", email.2);
        assert!(!email.2.contains(&activation) && !email.3.as_ref().unwrap().contains(&activation));
        assert!(email.3.as_ref().unwrap().contains("/activate?token=[redacted]"));
        assert!(sms.2.contains("校验码为 [redacted]，"), "{}", sms.2);
        assert_eq!(serde_json::from_str::<Value>(sms.4.as_ref().unwrap()).unwrap(), json!({"code": "[redacted]", "minutes": 5}));
        // The dev mailbox still lists them, redacted.
        assert!(app.outbox("r@example.cn").await[0]["body"].as_str().unwrap().contains("token=[redacted]"));
    }
);
