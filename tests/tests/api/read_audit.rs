//! Reads of sensitive personal data are audited (issue 16, PIPL): every staff answer carrying a
//! student's full ID number or phone writes one `personal_data_read` event per person shown, with
//! who read it, whose, which fields and for what purpose.

use std::time::Instant;

use reqwest::Method;
use serde_json::{json, Value};
use xuexin::staff::Role;
use xuexin_tests::flows::synthetic_id_number;
use xuexin_tests::{api_test, TestApp};

/// Every `personal_data_read` event, newest first, as a platform admin reads the audit log.
async fn reads(app: &TestApp, admin: &str) -> Vec<Value> {
    let mut all = Vec::new();
    for page in 1.. {
        let body = app
            .get_ok(
                &format!("/api/v1/audit-events?action=personal_data_read&per_page=100&page={page}"),
                admin,
            )
            .await;
        let items = body["items"].as_array().unwrap().clone();
        let done = items.len() < 100;
        all.extend(items);
        if done {
            break;
        }
    }
    all
}

async fn staff_id(app: &TestApp, token: &str) -> String {
    app.get_ok("/api/v1/staff/me", token).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

api_test!(
    async fn a_support_read_of_a_full_id_number_appears_in_the_audit_log(app) {
        let admin = app.staff_token(Role::PlatformAdmin, "a@example.cn", None, None).await;
        let support = app.staff_token(Role::Support, "s@example.cn", None, None).await;
        let agent = staff_id(&app, &support).await;
        app.student("read@example.cn", "王小明", "11019920050314011X").await;
        let found = app.send(Method::POST, "/api/v1/support/accounts/search", &support, json!({"id_number": "11019920050314011X"})).await;
        let found: Value = found.json().await.unwrap();
        assert_eq!(found["total"], 1);
        let account = found["items"][0]["id"].as_str().unwrap().to_owned();
        assert_eq!(found["items"][0]["id_number"], "11019920050314011X");

        let detail = app.get_ok(&format!("/api/v1/support/accounts/{account}"), &support).await;
        assert!(detail["phone"].is_string());
        let events = reads(&app, &admin).await;
        assert_eq!(events.len(), 2, "one for the search, one for the detail");
        let (detail_event, search_event) = (&events[0], &events[1]);
        assert_eq!(detail_event["action"], "personal_data_read");
        assert_eq!(detail_event["actor_id"], agent.as_str());
        assert_eq!(detail_event["actor_role"], "support");
        assert_eq!(detail_event["target_type"], "account");
        assert_eq!(detail_event["target_id"], account.as_str());
        assert_eq!(detail_event["after"], json!({"fields": ["id_number", "phone"], "purpose": "support_account_detail"}));
        assert!(detail_event["reason"].is_null());
        assert!(detail_event["before"].is_null());
        assert_eq!(search_event["after"]["purpose"], "support_account_search");
        assert_eq!(search_event["target_id"], account.as_str());

        // A change whose answer shows the details is a read too, with the reason the agent gave.
        let res = app.send(Method::POST, &format!("/api/v1/support/accounts/{account}/unlock"), &support, json!({"reason": "学生来电"})).await;
        assert_eq!(res.status().as_u16(), 200);
        let events = reads(&app, &admin).await;
        assert_eq!(events.len(), 3);
        assert_eq!(events[0]["after"]["purpose"], "support_account_unlock");
        assert_eq!(events[0]["reason"], "学生来电");
        // The chain still verifies with the batch-written events in it.
        let key = app.audit_key();
        let walk = app.db.run(move |conn| Ok(xuexin::audit::chain::verify(conn, &key)?)).await.unwrap();
        assert_eq!(walk.first_break, None);
    }
);

api_test!(with &[("APP_DEMO_DATA", "true")],
    async fn a_school_admins_list_writes_one_event_per_row_shown(app) {
        let admin = app.staff_token(Role::PlatformAdmin, "a@example.cn", None, None).await;
        let pku = app.staff_token(Role::SchoolAdmin, "pku-reader@example.cn", Some("10001"), None).await;
        let reader = staff_id(&app, &pku).await;
        let page = app.send(Method::POST, "/api/v1/schools/10001/students/search", &pku, json!({"per_page": 3})).await;
        let page: Value = page.json().await.unwrap();
        let shown: Vec<String> = page["items"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect();
        assert_eq!(shown.len(), 3, "{page}");
        assert!(page["total"].as_u64().unwrap() > 3);

        let events = reads(&app, &admin).await;
        assert_eq!(events.len(), 3, "one per row shown, not per match");
        let mut targets: Vec<String> = events.iter().map(|e| e["target_id"].as_str().unwrap().to_owned()).collect();
        targets.sort();
        let mut expected = shown.clone();
        expected.sort();
        assert_eq!(targets, expected);
        for e in &events {
            assert_eq!(e["actor_id"], reader.as_str());
            assert_eq!(e["actor_role"], "school_admin");
            assert_eq!(e["target_type"], "enrollment");
            assert_eq!(e["after"], json!({"fields": ["id_number"], "purpose": "school_student_list"}));
        }

        // The record detail, for the school and for a reviewer of its province.
        let reviewer = app.staff_token(Role::ProvincialReviewer, "bj-reader@example.cn", None, Some("11")).await;
        app.get_ok(&format!("/api/v1/enrollments/{}", shown[0]), &reviewer).await;
        let events = reads(&app, &admin).await;
        assert_eq!(events.len(), 4);
        assert_eq!(events[0]["target_id"], shown[0].as_str());
        assert_eq!(events[0]["actor_role"], "provincial_reviewer");
        assert_eq!(events[0]["after"]["purpose"], "enrollment_detail");
    }
);

api_test!(with &[("APP_DEMO_DATA", "true")],
    async fn a_read_that_shows_no_full_id_number_or_phone_writes_nothing(app) {
        let admin = app.staff_token(Role::PlatformAdmin, "a@example.cn", None, None).await;
        let support = app.staff_token(Role::Support, "s@example.cn", None, None).await;
        let pku = app.staff_token(Role::SchoolAdmin, "pku-reader@example.cn", Some("10001"), None).await;
        // An account that has not reached the real-name step holds neither.
        app.register("halfway@example.cn").await;
        let found = app.send(Method::POST, "/api/v1/support/accounts/search", &support, json!({"email": "halfway@example.cn"})).await;
        let found: Value = found.json().await.unwrap();
        assert_eq!(found["total"], 1);
        assert!(found["items"][0]["id_number"].is_null() && found["items"][0]["phone"].is_null());
        let account = found["items"][0]["id"].as_str().unwrap().to_owned();
        app.get_ok(&format!("/api/v1/support/accounts/{account}"), &support).await;
        // A search that finds nobody, a refused one, and answers without personal data.
        let none = app.send(Method::POST, "/api/v1/schools/10001/students/search", &pku, json!({"id_number": "110199200001010000"})).await;
        assert_eq!(none.json::<Value>().await.unwrap()["total"], 0);
        let refused = app.send(Method::POST, "/api/v1/schools/10246/students/search", &pku, json!({})).await;
        assert_eq!(refused.status().as_u16(), 404);
        app.get_ok("/api/v1/staff/accounts", &admin).await;
        app.get_ok("/api/v1/staff/sessions", &pku).await;
        assert_eq!(reads(&app, &admin).await, Vec::<Value>::new());
    }
);

api_test!(with &[("APP_DEMO_DATA", "true")],
    async fn a_page_of_100_records_writes_100_events_in_one_batch(app) {
        let admin = app.staff_token(Role::PlatformAdmin, "a@example.cn", None, None).await;
        let pku = app.staff_token(Role::SchoolAdmin, "pku-reader@example.cn", Some("10001"), None).await;
        let mut csv = String::from("school_code,student_no,name,id_number,sex,birth_date,ethnicity,major,level,study_form,entry_date,expected_graduation,status,qualification_pending\n");
        for seed in 1..=100u64 {
            let id = synthetic_id_number(seed);
            let birth = format!("{}-{}-{}", &id[6..10], &id[10..12], &id[12..14]);
            csv.push_str(&format!("10001,T{seed:05},测试学生,{id},女,{birth},汉族,数学,本科,普通全日制,2023-09-01,2027-07-01,在籍,false\n"));
        }
        let res = app.authed(Method::POST, "/api/v1/imports/enrollments", &admin).header("content-type", "text/csv").body(csv).send().await.unwrap();
        assert_eq!(res.json::<Value>().await.unwrap()["imported"], 100);

        let body = json!({"q": "测试学生", "per_page": 100});
        let started = Instant::now();
        let page: Value = app.send(Method::POST, "/api/v1/schools/10001/students/search", &pku, body.clone()).await.json().await.unwrap();
        let with_reads = started.elapsed();
        assert_eq!(page["items"].as_array().unwrap().len(), 100);
        assert_eq!(reads(&app, &admin).await.len(), 100);

        // The cost of the batch alone: 100 read events appended to the chain directly.
        let key = std::sync::Arc::new(app.audit_key());
        let started = Instant::now();
        app.db
            .run(move |conn| {
                let ids: Vec<String> = (0..100).map(|i| format!("bench-{i}")).collect();
                let events = ids
                    .iter()
                    .map(|id| xuexin::audit::Event {
                        actor_id: Some("bench"),
                        actor_role: "school_admin",
                        action: "personal_data_read",
                        target_type: "enrollment",
                        target_id: id,
                        after: Some(json!({"fields": ["id_number"], "purpose": "bench"})),
                        ..Default::default()
                    })
                    .collect();
                let now = chrono::Utc::now().naive_utc();
                Ok(xuexin::audit::record_all(conn, &key, now, events)?)
            })
            .await
            .unwrap();
        let batch = started.elapsed();
        eprintln!(
            "read audit ({:?}): 100-row page {:?} in all, of which a batch of 100 events about {:?}",
            app.engine, with_reads, batch
        );
        let key = app.audit_key();
        let walk = app.db.run(move |conn| Ok(xuexin::audit::chain::verify(conn, &key)?)).await.unwrap();
        assert_eq!(walk.first_break, None);
    }
);

api_test!(with &[("APP_DEMO_DATA", "true")],
    async fn a_change_request_that_corrects_an_id_number_is_a_read_of_it(app) {
        let admin = app.staff_token(Role::PlatformAdmin, "a@example.cn", None, None).await;
        let pku = app.staff_token(Role::SchoolAdmin, "pku-reader@example.cn", Some("10001"), None).await;
        let reviewer = app.staff_token(Role::ProvincialReviewer, "bj-reader@example.cn", None, Some("11")).await;
        let record = app.find_enrollment(&pku, "10001", "11019920050314011X").await;
        let e = record["id"].as_str().unwrap().to_owned();
        let before = reads(&app, &admin).await.len();
        // Another man born on the same day: only the ID number changes.
        let first17 = "11010520050314013";
        let corrected = format!("{first17}{}", xuexin::rules::id_number::check_char(first17).unwrap());
        let res = app.send(Method::POST, &format!("/api/v1/enrollments/{e}/change-requests"), &pku, json!({"changes": {"id_number": corrected}, "reason": "身份证号录入错误"})).await;
        assert_eq!(res.status().as_u16(), 201);
        let cr = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
        app.get_ok(&format!("/api/v1/change-requests/{cr}"), &reviewer).await;
        let events = reads(&app, &admin).await;
        assert_eq!(events.len(), before + 2);
        assert_eq!(events[1]["after"], json!({"fields": ["id_number"], "purpose": "change_request_proposal"}));
        assert_eq!(events[0]["after"], json!({"fields": ["id_number"], "purpose": "change_request_detail"}));
        assert_eq!(events[0]["target_type"], "enrollment");
        assert_eq!(events[0]["target_id"], e.as_str());
        assert_eq!(events[0]["actor_role"], "provincial_reviewer");
        // A request that does not touch the ID number shows none.
        let major = app.send(Method::POST, &format!("/api/v1/change-requests/{cr}/withdraw"), &pku, json!({})).await;
        assert_eq!(major.status().as_u16(), 200);
        let res = app.send(Method::POST, &format!("/api/v1/enrollments/{e}/change-requests"), &pku, json!({"changes": {"major": "软件工程"}, "reason": "专业录入错误"})).await;
        assert_eq!(res.status().as_u16(), 201);
        assert_eq!(reads(&app, &admin).await.len(), before + 3, "only the withdrawal of the first one");
    }
);
