//! The school → province correction flow, qualification checks and revocations, on demo data.

use reqwest::Method;
use serde_json::{json, Value};
use xuexin::staff::Role;
use xuexin_tests::{api_test, problem, TestApp};

const DEMO: &[(&str, &str)] = &[("APP_DEMO_DATA", "true")];

async fn propose(
    app: &TestApp,
    token: &str,
    enrollment: &str,
    changes: Value,
    reason: &str,
) -> reqwest::Response {
    app.send(
        Method::POST,
        &format!("/api/v1/enrollments/{enrollment}/change-requests"),
        token,
        json!({"changes": changes, "reason": reason}),
    )
    .await
}

async fn decide(
    app: &TestApp,
    token: &str,
    request: &str,
    verb: &str,
    body: Value,
) -> reqwest::Response {
    app.send(
        Method::POST,
        &format!("/api/v1/change-requests/{request}/{verb}"),
        token,
        body,
    )
    .await
}

async fn created(res: reqwest::Response) -> Value {
    assert_eq!(res.status().as_u16(), 201);
    res.json().await.unwrap()
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

api_test!(with DEMO,
    async fn an_approved_correction_applies_at_once_and_relinks_the_record(app) {
        // The student's ID card says 王晓明; the school typed 王小明: no records for them.
        let student = app.student("wxm@example.cn", "王晓明", "11019920050314011X").await;
        assert_eq!(app.get_ok("/api/v1/me/enrollments", &student).await["total"], 0);
        let school = app.staff_token(Role::SchoolAdmin, "pku@example.cn", Some("10001"), None).await;
        let reviewer = app.staff_token(Role::ProvincialReviewer, "bj@example.cn", None, Some("11")).await;
        let record = app.find_enrollment(&school, "10001", "11019920050314011X").await;
        let e = id(&record);

        // Values equal to the record's are dropped; the diff shows the rest.
        let request = created(propose(&app, &school, &e, json!({"name": "王晓明", "major": record["major"]}), "依据身份证更正姓名").await).await;
        assert_eq!(request["status"], "pending");
        assert_eq!(request["changes"], json!([{"field": "name", "before": "王小明", "after": "王晓明"}]));
        assert_eq!(request["requested_by"], "pku@example.cn");
        // Nothing changes before approval; one pending request per record.
        assert_eq!(app.get_ok(&format!("/api/v1/enrollments/{e}"), &school).await["name"], "王小明");
        assert_eq!(app.get_ok(&format!("/api/v1/enrollments/{e}"), &school).await["pending_change_request_id"], request["id"]);
        assert_eq!(problem(propose(&app, &school, &e, json!({"major": "法学"}), "再改").await, 409).await["code"], "change_request_pending");

        // The reviewer's queue, then the approval.
        let queue = app.get_ok("/api/v1/change-requests?status=pending", &reviewer).await;
        assert_eq!(queue["total"], 1);
        assert_eq!(queue["items"][0]["stale"], false);
        let approved: Value = decide(&app, &reviewer, &id(&request), "approve", json!({})).await.json().await.unwrap();
        assert_eq!(approved["status"], "approved");
        assert_eq!(approved["decided_by"], "bj@example.cn");
        assert_eq!(app.get_ok("/api/v1/change-requests?status=pending", &reviewer).await["total"], 0);

        // Applied, and the student finds the record at once.
        let mine = app.get_ok("/api/v1/me/enrollments", &student).await;
        assert_eq!(mine["total"], 1);
        assert_eq!(mine["items"][0]["school_name"], "北京大学");
        assert_eq!(mine["items"][0]["correction_pending"], false);
        // The school sees the outcome; a decided request cannot be decided again.
        let mine = app.get_ok("/api/v1/change-requests", &school).await;
        assert_eq!(mine["items"][0]["status"], "approved");
        assert_eq!(problem(decide(&app, &reviewer, &id(&request), "reject", json!({"reason": "晚了"})).await, 409).await["code"], "change_request_closed");
        assert_eq!(app.audit_actions(&e).await, ["change_request.created", "change_request.approved"]);
    }
);

api_test!(with DEMO,
    async fn a_rejected_correction_leaves_the_record_and_tells_the_school_why(app) {
        let school = app.staff_token(Role::SchoolAdmin, "thu@example.cn", Some("10003"), None).await;
        let reviewer = app.staff_token(Role::ProvincialReviewer, "bj@example.cn", None, Some("11")).await;
        let student = app.student("lh@example.cn", "李华", "31019920010802022X").await;
        let e = id(&app.find_enrollment(&school, "10003", "31019920010802022X").await);
        let request = created(propose(&app, &school, &e, json!({"major": "通信工程"}), "专业名称有误").await).await;
        // While it waits, the student sees 更正申请中 on the record.
        assert_eq!(app.get_ok("/api/v1/me/enrollments", &student).await["items"][0]["correction_pending"], true);

        let res = decide(&app, &reviewer, &id(&request), "reject", json!({"reason": "  "})).await;
        assert_eq!(problem(res, 422).await["errors"][0]["field"], "reason");
        let rejected: Value = decide(&app, &reviewer, &id(&request), "reject", json!({"reason": "请附学籍变更审批表"})).await.json().await.unwrap();
        assert_eq!(rejected["status"], "rejected");
        let seen = app.get_ok(&format!("/api/v1/change-requests/{}", id(&request)), &school).await;
        assert_eq!((seen["status"].as_str(), seen["decision_reason"].as_str()), (Some("rejected"), Some("请附学籍变更审批表")));
        let record = app.get_ok(&format!("/api/v1/enrollments/{e}"), &school).await;
        assert_ne!(record["major"], "通信工程");
        assert_eq!(app.get_ok("/api/v1/me/enrollments", &student).await["items"][0]["correction_pending"], false);
        // The school may ask again.
        created(propose(&app, &school, &e, json!({"major": "通信工程"}), "附审批表").await).await;
    }
);

api_test!(with DEMO,
    async fn bad_corrections_name_each_field_and_the_rule(app) {
        let school = app.staff_token(Role::SchoolAdmin, "pku@example.cn", Some("10001"), None).await;
        let e = id(&app.find_enrollment(&school, "10001", "11019920050314011X").await);
        let errors = |p: Value| -> Vec<(String, String)> {
            p["errors"].as_array().unwrap().iter().map(|e| (e["field"].as_str().unwrap().to_owned(), e["code"].as_str().unwrap().to_owned())).collect()
        };
        let p = problem(propose(&app, &school, &e, json!({"school_code": "10003", "birth_date": 1, "status": "注销"}), "").await, 422).await;
        let found = errors(p);
        for expected in [("reason", "reason_required"), ("changes.school_code", "field_not_editable"), ("changes.birth_date", "invalid_value"), ("changes.status", "use_revocation")] {
            assert!(found.contains(&(expected.0.into(), expected.1.into())), "{expected:?} in {found:?}");
        }
        // The reason and the values are judged together, not one after the other.
        let p = problem(propose(&app, &school, &e, json!({"name": "wang"}), " ").await, 422).await;
        assert_eq!(errors(p), [("reason".to_owned(), "reason_required".to_owned()), ("changes.name".to_owned(), "invalid_value".to_owned())]);
        // A new ID number must agree with the recorded sex and birth date (as in an import).
        let p = problem(propose(&app, &school, &e, json!({"id_number": "110199200503140128", "name": "Wang"}), "x").await, 422).await;
        let found = errors(p);
        assert!(found.contains(&("changes.name".into(), "invalid_value".into())), "{found:?}");
        assert!(found.contains(&("changes.sex".into(), "invalid_value".into())), "{found:?}");
        let p = problem(propose(&app, &school, &e, json!({"ethnicity": "汉族"}), "x").await, 422).await;
        assert_eq!(errors(p), [("changes".to_owned(), "no_changes".to_owned())]);
        let other = app.get_ok("/api/v1/schools/10001/students?q=%E4%B9%B0%E4%B9%B0%E6%8F%90", &school).await["items"][0]["student_no"].clone();
        let p = problem(propose(&app, &school, &e, json!({"student_no": other}), "x").await, 422).await;
        assert_eq!(errors(p), [("changes.student_no".to_owned(), "student_no_taken".to_owned())]);
        assert_eq!(problem(propose(&app, &school, "no-such-record", json!({"major": "x"}), "x").await, 404).await["code"], "enrollment_not_found");
        assert!(app.audit_actions(&e).await.is_empty(), "refusals change nothing");
    }
);

api_test!(with DEMO,
    async fn approving_a_request_for_a_record_that_changed_since_is_refused(app) {
        // 张伟's 四川大学 record is 资格待查.
        let school = app.staff_token(Role::SchoolAdmin, "scu@example.cn", Some("10610"), None).await;
        let reviewer = app.staff_token(Role::ProvincialReviewer, "sc@example.cn", None, Some("51")).await;
        let record = app.find_enrollment(&school, "10610", "510199200211300331").await;
        assert_eq!(record["qualification_pending"], true);
        let e = id(&record);
        let request = created(propose(&app, &school, &e, json!({"major": "网络工程"}), "专业有误").await).await;
        let res = app.send(Method::POST, &format!("/api/v1/enrollments/{e}/qualification-check"), &school, json!({"result": "confirmed", "note": "已核实专科学籍"})).await;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(app.get_ok("/api/v1/change-requests?status=pending", &reviewer).await["items"][0]["stale"], true);

        let p = problem(decide(&app, &reviewer, &id(&request), "approve", json!({})).await, 409).await;
        assert_eq!(p["code"], "change_request_stale");
        let closed = app.get_ok(&format!("/api/v1/change-requests/{}", id(&request)), &school).await;
        assert_eq!(closed["status"], "stale");
        let record = app.get_ok(&format!("/api/v1/enrollments/{e}"), &school).await;
        assert_ne!(record["major"], "网络工程", "nothing applied");
        assert_eq!(record["pending_change_request_id"], Value::Null);
        // Redone against the current record, it goes through.
        let again = created(propose(&app, &school, &e, json!({"major": "网络工程"}), "专业有误").await).await;
        assert_eq!(decide(&app, &reviewer, &id(&again), "approve", json!({})).await.status().as_u16(), 200);
        assert_eq!(app.get_ok(&format!("/api/v1/enrollments/{e}"), &school).await["major"], "网络工程");
        assert_eq!(
            app.audit_actions(&e).await,
            ["change_request.created", "enrollment.qualification_confirmed", "change_request.stale", "change_request.created", "change_request.approved"]
        );
    }
);

api_test!(with DEMO,
    async fn a_qualification_check_confirms_or_revokes(app) {
        let school = app.staff_token(Role::SchoolAdmin, "scu@example.cn", Some("10610"), None).await;
        let admin = app.staff_token(Role::PlatformAdmin, "admin@example.cn", None, None).await;
        let student = app.student("zw@example.cn", "张伟", "510199200211300331").await;
        let e = id(&app.find_enrollment(&school, "10610", "510199200211300331").await);
        let path = format!("/api/v1/enrollments/{e}/qualification-check");
        let check = |body: Value| app.authed(Method::POST, &path, &school).json(&body).send();

        // Rejected needs a note; the refusal changes nothing.
        assert_eq!(problem(check(json!({"result": "rejected"})).await.unwrap(), 422).await["errors"][0]["field"], "note");
        assert_eq!(problem(check(json!({"result": "maybe"})).await.unwrap(), 422).await["code"], "validation_failed");
        let revoked: Value = check(json!({"result": "rejected", "note": "专科学籍不存在"})).await.unwrap().json().await.unwrap();
        assert_eq!((revoked["status"].as_str(), revoked["qualification_pending"].as_bool()), (Some("注销"), Some(false)));
        assert_eq!(revoked["revocation_reason"], "专科学籍不存在");
        // Gone from the student's list (the 专科 record stays), visible to staff and in the audit log.
        let mine = app.get_ok("/api/v1/me/enrollments", &student).await;
        assert_eq!(mine["total"], 1);
        assert_eq!(mine["items"][0]["school_name"], "深圳职业技术大学");
        assert_eq!(app.get_ok("/api/v1/schools/10610/students?status=%E6%B3%A8%E9%94%80", &school).await["total"], 1);
        assert_eq!(problem(check(json!({"result": "confirmed"})).await.unwrap(), 409).await["code"], "enrollment_revoked");
        // The changes of the record (its reads are audited as `personal_data_read` too).
        let events = app.get_ok(&format!("/api/v1/audit-events?target={e}&action=enrollment."), &admin).await;
        assert_eq!(events["total"], 1);
        assert_eq!(events["items"][0]["action"], "enrollment.qualification_rejected");
        assert_eq!(events["items"][0]["reason"], "专科学籍不存在");
        assert_eq!(events["items"][0]["actor_role"], "school_admin");
    }
);

api_test!(with DEMO,
    async fn a_duplicate_enrollment_is_revoked_not_deleted(app) {
        // 刘洋 has adult-education records at 浙江大学 and 复旦大学.
        let fudan = app.staff_token(Role::SchoolAdmin, "fudan@example.cn", Some("10246"), None).await;
        let zju = app.staff_token(Role::SchoolAdmin, "zju@example.cn", Some("10335"), None).await;
        let student = app.student("ly@example.cn", "刘洋", "330199199806180448").await;
        assert_eq!(app.get_ok("/api/v1/me/enrollments", &student).await["total"], 2);
        let dup = id(&app.find_enrollment(&fudan, "10246", "330199199806180448").await);
        let kept = id(&app.find_enrollment(&zju, "10335", "330199199806180448").await);
        let path = format!("/api/v1/enrollments/{dup}/revocation");
        let revoke = |token: &str, body: Value| app.authed(Method::POST, &path, token).json(&body).send();

        assert_eq!(problem(revoke(&zju, json!({"reason": "重复"})).await.unwrap(), 404).await["code"], "enrollment_not_found");
        let p = problem(revoke(&fudan, json!({"reason": "重复", "duplicate_of": dup})).await.unwrap(), 422).await;
        assert_eq!(p["errors"][0]["code"], "duplicate_of_itself");
        let other = id(&app.find_enrollment(&fudan, "10246", "440199200002290263").await);
        let p = problem(revoke(&fudan, json!({"reason": "重复", "duplicate_of": other})).await.unwrap(), 422).await;
        assert_eq!(p["errors"][0]["code"], "duplicate_of_other_person");
        // Another person's record at another school is not confirmed to exist.
        let elsewhere = id(&app.find_enrollment(&zju, "10335", "330199200412010572").await);
        let p = problem(revoke(&fudan, json!({"reason": "重复", "duplicate_of": elsewhere})).await.unwrap(), 422).await;
        assert_eq!(p["errors"][0]["code"], "duplicate_not_found");
        assert_eq!(problem(revoke(&fudan, json!({"duplicate_of": kept})).await.unwrap(), 422).await["errors"][0]["field"], "reason");

        let revoked: Value = revoke(&fudan, json!({"reason": "与浙江大学成人教育学籍重复", "duplicate_of": kept})).await.unwrap().json().await.unwrap();
        assert_eq!(revoked["status"], "注销");
        assert_eq!(revoked["duplicate_of"], kept.as_str());
        assert!(revoked["revoked_at"].is_string());
        assert_eq!(problem(revoke(&fudan, json!({"reason": "再来"})).await.unwrap(), 409).await["code"], "already_revoked");
        let mine = app.get_ok("/api/v1/me/enrollments", &student).await;
        assert_eq!(mine["total"], 1);
        assert_eq!(mine["items"][0]["id"], kept.as_str());
        assert_eq!(app.get_ok(&format!("/api/v1/enrollments/{dup}"), &fudan).await["status"], "注销");
        // A revoked record takes no corrections.
        assert_eq!(problem(propose(&app, &fudan, &dup, json!({"major": "x"}), "x").await, 409).await["code"], "enrollment_revoked");
        assert_eq!(app.audit_actions(&dup).await, ["enrollment.revoked"]);
    }
);

api_test!(with DEMO,
    async fn the_school_search_filters_and_pages(app) {
        let school = app.staff_token(Role::SchoolAdmin, "pku@example.cn", Some("10001"), None).await;
        let all = app.get_ok("/api/v1/schools/10001/students?per_page=100", &school).await;
        let total = all["total"].as_u64().unwrap();
        assert!(total >= 3, "{all}");
        let page = app.get_ok("/api/v1/schools/10001/students?per_page=2&page=2", &school).await;
        assert_eq!((page["page"].as_u64(), page["per_page"].as_u64(), page["total"].as_u64()), (Some(2), Some(2), Some(total)));
        assert_eq!(page["items"][0]["id"], all["items"][2]["id"]);
        let by_name = app.get_ok("/api/v1/schools/10001/students?q=%E7%8E%8B%E5%B0%8F", &school).await;
        assert!(by_name["items"].as_array().unwrap().iter().all(|i| i["name"].as_str().unwrap().starts_with("王小")));
        let by_no = app.get_ok(&format!("/api/v1/schools/10001/students?q={}", all["items"][0]["student_no"].as_str().unwrap()), &school).await;
        assert_eq!(by_no["total"], 1);
        assert_eq!(app.get_ok("/api/v1/schools/10001/students?q=%25", &school).await["total"], 0, "LIKE wildcards are literal");
        assert_eq!(app.get_ok("/api/v1/schools/10001/students?level=%E5%8D%9A%E5%A3%AB", &school).await["total"], 0);
        let p = problem(app.authed(Method::GET, "/api/v1/schools/10001/students?per_page=500&page=0", &school).send().await.unwrap(), 422).await;
        assert_eq!(p["errors"].as_array().unwrap().len(), 2);
        assert_eq!(problem(app.authed(Method::GET, "/api/v1/schools/10001/students?status=gone", &school).send().await.unwrap(), 400).await["code"], "invalid_query");
        assert_eq!(problem(app.authed(Method::GET, "/api/v1/schools/99999/students", &school).send().await.unwrap(), 404).await["code"], "school_not_found");
    }
);

api_test!(with DEMO,
    async fn two_clerks_proposing_at_once_make_one_pending_request(app) {
        let school = app.staff_token(Role::SchoolAdmin, "pku@example.cn", Some("10001"), None).await;
        let e = id(&app.find_enrollment(&school, "10001", "11019920050314011X").await);
        let calls: Vec<_> = (0..6)
            .map(|i| {
                let req = app.client.post(app.url(&format!("/api/v1/enrollments/{e}/change-requests"))).bearer_auth(&school).json(&json!({"changes": {"major": format!("专业{i}")}, "reason": "并发"}));
                tokio::spawn(async move { req.send().await.unwrap().status().as_u16() })
            })
            .collect();
        let mut statuses = Vec::new();
        for c in calls {
            statuses.push(c.await.unwrap());
        }
        assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
        assert!(statuses.iter().all(|s| *s == 201 || *s == 409), "{statuses:?}");
    }
);
