//! 我的数据 (issue 17): a student's copy of everything the portal holds about them, as JSON and as
//! a readable HTML file, and the history of staff who looked at their full details. Nothing about
//! anyone else: not another student's data, not who the staff were.

use chrono::Duration;
use reqwest::Method;
use serde_json::{json, Value};
use xuexin::clock::Clock;
use xuexin::staff::Role;
use xuexin_tests::{api_test, problem, TestApp};

const DEMO: &[(&str, &str)] = &[("APP_DEMO_DATA", "true")];

/// The student 李华 of the demo data (清华大学, a degree), and another student beside them.
const LI: (&str, &str, &str) = ("lihua@example.cn", "李华", "31019920010802022X");
const WANG: (&str, &str, &str) = ("wangxm@example.cn", "王小明", "11019920050314011X");

/// Creates a report on the student's first record of `kind`; returns its code.
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

/// Files a photo collation request on the student's first enrollment with `message`.
async fn photo_request(app: &TestApp, token: &str, message: &str) -> Value {
    let list = app.get_ok("/api/v1/me/enrollments", token).await;
    let body = json!({"kind": "none_of_these", "enrollment_id": list["items"][0]["id"], "message": message});
    let res = app
        .send(Method::POST, "/api/v1/me/collation-requests", token, body)
        .await;
    assert_eq!(res.status().as_u16(), 201, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

/// Writes a staff read of a student's details exactly as the staff tools record one.
async fn staff_read(
    app: &TestApp,
    staff_id: &str,
    role: &'static str,
    target: (&'static str, &str),
    fields: &[&str],
    purpose: &str,
) {
    let (staff_id, target_id) = (staff_id.to_owned(), target.1.to_owned());
    let after = json!({"fields": fields, "purpose": purpose});
    let key = app.audit_key();
    let at = xuexin::db::timestamp(app.clock.now());
    app.db
        .run(move |conn| {
            xuexin::audit::record(
                conn,
                &key,
                at,
                xuexin::audit::Event {
                    actor_id: Some(&staff_id),
                    actor_role: role,
                    action: "personal_data_read",
                    target_type: target.0,
                    target_id: &target_id,
                    after: Some(after),
                    ..Default::default()
                },
            )?;
            Ok(())
        })
        .await
        .unwrap();
}

/// The id of the staff member logged in with `token`.
async fn staff_id(app: &TestApp, token: &str) -> String {
    app.get_ok("/api/v1/staff/me", token).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// GETs `path` with `token`; returns the response after checking it is a download.
async fn download(app: &TestApp, path: &str, token: &str, media: &str) -> String {
    let res = app.authed(Method::GET, path, token).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200, "{path}");
    let headers = res.headers().clone();
    assert!(
        headers["content-type"].to_str().unwrap().starts_with(media),
        "{headers:?}"
    );
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"xuexin-my-data-"),
        "{disposition}"
    );
    assert_eq!(headers["cache-control"], "private, no-store");
    res.text().await.unwrap()
}

api_test!(with DEMO,
    async fn the_export_holds_every_item_and_nothing_about_anyone_else(app) {
        let li = app.student(LI.0, LI.1, LI.2).await;
        let wang = app.student(WANG.0, WANG.1, WANG.2).await;
        let me = app.get_ok("/api/v1/me", &li).await;
        let li_id = me["id"].as_str().unwrap().to_owned();
        let wang_id = app.get_ok("/api/v1/me", &wang).await["id"].as_str().unwrap().to_owned();

        // 李华: a degree report looked up twice, a photo request, a support action, two staff reads.
        let code = report(&app, &li, "degree").await;
        for _ in 0..2 {
            assert_eq!(app.get(&format!("/api/v1/verification-reports/{code}")).await.status().as_u16(), 200);
            app.clock.advance(Duration::minutes(5));
        }
        let li_request = photo_request(&app, &li, "照片不是我 <script>alert(\"x\")</script> & 谢谢").await;
        let support = app.staff_token(Role::Support, "agent007@example.cn", None, None).await;
        let res = app.send(Method::POST, &format!("/api/v1/support/accounts/{li_id}/unlock"), &support, json!({"reason": "学生来电"})).await;
        assert_eq!(res.status().as_u16(), 200);
        let school = app.staff_token(Role::SchoolAdmin, "registrar-tsinghua@example.cn", Some("10003"), None).await;
        let li_enrollment = app.get_ok("/api/v1/me/enrollments", &li).await["items"][0]["id"].as_str().unwrap().to_owned();
        staff_read(&app, &staff_id(&app, &support).await, "support", ("account", &li_id), &["id_number", "phone"], "support_account_detail").await;
        staff_read(&app, &staff_id(&app, &school).await, "school_admin", ("enrollment", &li_enrollment), &["id_number"], "school_student_detail").await;

        // 王小明 beside them: a report looked up, a photo request, a staff read.
        let wang_code = report(&app, &wang, "enrollment").await;
        app.get(&format!("/api/v1/verification-reports/{wang_code}")).await;
        photo_request(&app, &wang, "王小明的照片").await;
        staff_read(&app, &staff_id(&app, &support).await, "support", ("account", &wang_id), &["phone"], "support_account_detail").await;

        let json_text = download(&app, "/api/v1/me/data-export", &li, "application/json").await;
        let html = download(&app, "/api/v1/me/data-export.html", &li, "text/html").await;
        let d: Value = serde_json::from_str(&json_text).unwrap();

        // The account, with its consent history.
        assert_eq!(d["account"]["id"], li_id);
        assert_eq!(d["account"]["email"], LI.0);
        assert_eq!(d["account"]["status"], "active");
        assert!(d["account"]["created_at"].is_string() && d["account"]["completed_at"].is_string());
        assert_eq!(d["consent_history"][0]["kind"], "given");
        assert_eq!(d["consent_history"][0]["version"], xuexin::privacy::NOTICE_VERSION);
        // Real-name details and phone, in full.
        assert_eq!(d["real_name"], json!({"name": LI.1, "id_number": LI.2, "birth_date": "2001-08-02", "sex": "女"}));
        let phone = d["phone"]["number"].as_str().unwrap();
        assert!(phone.len() == 11 && !phone.contains('*'), "{phone}");
        assert!(d["phone"]["verified_at"].is_string());
        // Records in full.
        assert_eq!(d["enrollments"][0]["id"], li_enrollment);
        assert_eq!(d["enrollments"][0]["id_number"], LI.2);
        assert_eq!(d["enrollments"][0]["school_name"], "清华大学");
        assert_eq!(d["degrees"][0]["school_name"], "清华大学");
        assert!(d["degrees"][0]["certificate_no"].as_str().is_some_and(|c| !c.is_empty()));
        // The report, looked up twice, with the times only.
        let reports = d["verification_reports"].as_array().unwrap();
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0]["code"], code);
        let lookups = reports[0]["looked_up_at"].as_array().unwrap();
        assert_eq!(lookups.len(), 2, "{lookups:?}");
        assert!(lookups.iter().all(Value::is_string));
        // The photo request.
        assert_eq!(d["photo_requests"].as_array().unwrap().len(), 1);
        assert_eq!(d["photo_requests"][0]["id"], li_request["id"]);
        assert_eq!(d["photo_requests"][0]["school_name"], "清华大学");
        // Audit events about the account and the records, staff by role and organisation.
        let events = d["audit_events"].as_array().unwrap();
        let actions: Vec<&str> = events.iter().map(|e| e["action"].as_str().unwrap()).collect();
        for expected in ["account.created", "account.activated", "account.unlocked", "collation_request.filed"] {
            assert!(actions.contains(&expected), "{expected} missing from {actions:?}");
        }
        let unlocked = events.iter().find(|e| e["action"] == "account.unlocked").unwrap();
        assert_eq!(unlocked["actor"], json!({"role": "support", "role_label": "客服", "organisation": "学信网客服"}));
        assert_eq!(unlocked["reason"], "学生来电");
        // The access history, newest first.
        let history = d["access_history"].as_array().unwrap();
        // The two events the test wrote, and the read of the support agent's real unlock (its
        // answer shows the account's full ID number and phone, so it is audited as a read).
        assert_eq!(history.len(), 3, "{history:?}");
        assert_eq!(history[0]["actor"], json!({"role": "school_admin", "role_label": "院校管理员", "organisation": "清华大学"}));
        assert_eq!(history[0]["fields"], json!(["id_number"]));
        assert_eq!(history[1]["field_labels"], json!(["身份证号", "手机号"]));
        assert_eq!(history[1]["purpose_label"], "客服处理你的账号问题时查看账号详情");
        let unlock = history.iter().find(|h| h["purpose"] == "support_account_unlock").expect("the unlock read");
        assert_eq!(unlock["purpose_label"], "客服为你的账号解除锁定");

        // Nothing about anyone else, in either file: not the other student, not who the staff were.
        let wang_phone = {
            use diesel::prelude::*;
            use xuexin::db::schema::accounts;
            let id = wang_id.clone();
            app.db
                .run(move |conn| Ok(accounts::table.find(&id).select(accounts::phone).first::<Option<String>>(conn)?))
                .await
                .unwrap()
                .unwrap()
        };
        let staff_ids = [staff_id(&app, &support).await, staff_id(&app, &school).await];
        for (label, text) in [("json", &json_text), ("html", &html)] {
            for other in [WANG.0, WANG.1, WANG.2, &wang_id, &wang_code, "王小明的照片", &wang_phone] {
                assert!(!text.contains(other), "{label} holds {other}");
            }
            for who in ["agent007", "registrar-tsinghua", &staff_ids[0], &staff_ids[1]] {
                assert!(!text.contains(who), "{label} names the staff member {who}");
            }
            assert!(text.contains(LI.2) && text.contains(&code) && text.contains(phone), "{label}");
        }

        // The HTML file: readable, self-contained, escaped.
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 谢谢"), "the message is shown as text");
        assert!(!html.contains("<script"), "no script at all");
        for external in ["http://", "https://", "src=", "<link", "@import", "url("] {
            assert!(!html.contains(external), "an external resource: {external}");
        }
        assert!(html.contains("@media print"));
        for heading in ["账号", "实名信息与手机号", "学籍信息", "学历信息", "在线验证报告及被查询的时间", "照片校对申请", "谁查看过你的完整信息", "审计日志"] {
            assert!(html.contains(heading), "{heading}");
        }

        // Each download is audited.
        let actions = app.audit_actions(&li_id).await;
        assert_eq!(actions.iter().filter(|a| *a == "personal_data_exported").count(), 2, "{actions:?}");
    }
);

api_test!(with &[("APP_DATA_EXPORTS_PER_HOUR", "2")],
    async fn exports_are_limited_per_account_per_hour_even_in_parallel(app) {
        let email = app.active_account("li@example.cn").await;
        let token = app.session(&email).await["access_token"].as_str().unwrap().to_owned();
        let other = app.active_account("other@example.cn").await;
        let other_token = app.session(&other).await["access_token"].as_str().unwrap().to_owned();
        let calls = (0..6).map(|i| {
            let (client, url, token) = (app.client.clone(), app.url(if i % 2 == 0 { "/api/v1/me/data-export" } else { "/api/v1/me/data-export.html" }), token.clone());
            tokio::spawn(async move { client.get(url).bearer_auth(token).send().await.unwrap() })
        });
        let mut statuses = Vec::new();
        for call in calls {
            let res = call.await.unwrap();
            let status = res.status().as_u16();
            if status == 429 {
                let retry: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
                assert!(retry > 0 && retry <= 3600, "{retry}");
                assert_eq!(problem(res, 429).await["code"], "too_many_exports");
            }
            statuses.push(status);
        }
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 200, 429, 429, 429, 429]);
        let id = app.get_ok("/api/v1/me", &token).await["id"].as_str().unwrap().to_owned();
        let exported = app.audit_actions(&id).await.into_iter().filter(|a| a == "personal_data_exported").count();
        assert_eq!(exported, 2, "refused downloads are not audited as exports");
        // Another account has its own allowance; an hour later this one has its allowance again.
        app.get_ok("/api/v1/me/data-export", &other_token).await;
        app.clock.advance(Duration::minutes(61));
        let token = app.session(&email).await["access_token"].as_str().unwrap().to_owned();
        app.get_ok("/api/v1/me/data-export", &token).await;
    }
);

api_test!(
    async fn my_data_and_access_history_need_a_student_login(app) {
        for path in ["/api/v1/me/data-export", "/api/v1/me/data-export.html", "/api/v1/me/access-history"] {
            assert_eq!(problem(app.get(path).await, 401).await["code"], "unauthorized", "{path}");
        }
        let staff = app.staff_token(Role::Support, "agent@example.cn", None, None).await;
        for path in ["/api/v1/me/data-export", "/api/v1/me/access-history"] {
            let res = app.authed(Method::GET, path, &staff).send().await.unwrap();
            assert_eq!(res.status().as_u16(), 401, "{path}: a staff token is not a student's");
        }
    }
);

api_test!(with DEMO,
    async fn the_access_history_shows_staff_reads_by_role_organisation_fields_and_purpose(app) {
        let li = app.student(LI.0, LI.1, LI.2).await;
        let wang = app.student(WANG.0, WANG.1, WANG.2).await;
        let li_id = app.get_ok("/api/v1/me", &li).await["id"].as_str().unwrap().to_owned();
        let wang_id = app.get_ok("/api/v1/me", &wang).await["id"].as_str().unwrap().to_owned();
        let degree = app.get_ok("/api/v1/me/degrees", &li).await["items"][0]["id"].as_str().unwrap().to_owned();
        let empty = app.get_ok("/api/v1/me/access-history", &li).await;
        assert_eq!(empty, json!({"items": [], "total": 0, "page": 1, "per_page": 20}));

        let support = app.staff_token(Role::Support, "agent@example.cn", None, None).await;
        let school = app.staff_token(Role::SchoolAdmin, "thu@example.cn", Some("10003"), None).await;
        let reviewer = app.staff_token(Role::ProvincialReviewer, "bj@example.cn", None, Some("11")).await;
        let (support_id, school_id, reviewer_id) = (staff_id(&app, &support).await, staff_id(&app, &school).await, staff_id(&app, &reviewer).await);
        staff_read(&app, &support_id, "support", ("account", &li_id), &["id_number", "phone"], "support_account_detail").await;
        app.clock.advance(Duration::minutes(1));
        staff_read(&app, &school_id, "school_admin", ("degree", &degree), &["id_number"], "school_student_detail").await;
        app.clock.advance(Duration::minutes(1));
        staff_read(&app, &reviewer_id, "provincial_reviewer", ("account", &li_id), &["name"], "something_new").await;
        staff_read(&app, &support_id, "support", ("account", &wang_id), &["phone"], "support_account_detail").await;

        let page = app.get_ok("/api/v1/me/access-history?per_page=2", &li).await;
        assert_eq!((page["total"].as_u64(), page["items"].as_array().unwrap().len()), (Some(3), 2));
        let newest = &page["items"][0];
        assert_eq!(newest["actor"], json!({"role": "provincial_reviewer", "role_label": "省级审核员", "organisation": "北京市省级审核部门"}));
        assert_eq!(newest["purpose_label"], "工作需要（something_new）");
        let second = &page["items"][1];
        assert_eq!(second["actor"]["organisation"], "清华大学");
        assert_eq!((second["target_type"].as_str(), second["record_id"].as_str()), (Some("degree"), Some(&degree[..])));
        let last = app.get_ok("/api/v1/me/access-history?page=2&per_page=2", &li).await;
        let oldest = &last["items"][0];
        assert_eq!(oldest["actor"], json!({"role": "support", "role_label": "客服", "organisation": "学信网客服"}));
        assert_eq!(oldest["fields"], json!(["id_number", "phone"]));
        assert_eq!(oldest["field_labels"], json!(["身份证号", "手机号"]));
        assert_eq!(oldest["purpose"], "support_account_detail");
        assert_eq!(oldest["record_id"], Value::Null);
        let text = serde_json::to_string(&[page, last]).unwrap();
        for who in [&support_id, &school_id, &reviewer_id, "agent@", "thu@", "bj@", &wang_id] {
            assert!(!text.contains(who), "{who}");
        }
        let wang_page = app.get_ok("/api/v1/me/access-history", &wang).await;
        assert_eq!(wang_page["total"], 1);
        let res = app.authed(Method::GET, "/api/v1/me/access-history?per_page=101", &li).send().await.unwrap();
        assert_eq!(problem(res, 422).await["errors"][0]["field"], "per_page");
    }
);

api_test!(
    async fn a_support_agent_opening_the_account_shows_in_the_access_history(app) {
        let email = app.active_account("li@example.cn").await;
        let token = app.session(&email).await["access_token"].as_str().unwrap().to_owned();
        let id = app.get_ok("/api/v1/me", &token).await["id"].as_str().unwrap().to_owned();
        let support = app.staff_token(Role::Support, "agent@example.cn", None, None).await;
        app.get_ok(&format!("/api/v1/support/accounts/{id}"), &support).await;
        let page = app.get_ok("/api/v1/me/access-history", &token).await;
        assert_eq!(page["total"], 1, "{page}");
        let item = &page["items"][0];
        assert_eq!(item["actor"], json!({"role": "support", "role_label": "客服", "organisation": "学信网客服"}));
        assert_eq!(item["purpose"], "support_account_detail");
        assert!(item["fields"].as_array().unwrap().iter().any(|f| f == "id_number"), "{item}");
    }
);
