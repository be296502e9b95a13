//! The student's records, verification reports and the public degree check, on demo data.

use chrono::Duration;
use reqwest::Method;
use serde_json::{json, Value};
use xuexin_tests::{api_test, problem};

const DEMO: [&str; 1] = ["APP_DEMO_DATA"];

api_test!(with &[(DEMO[0], "true")],
    async fn students_see_exactly_the_records_of_their_name_and_id_number(app) {
        let token = app.student("zhang@example.cn", "张伟", "510199200211300331").await;
        let enrollments = app.get_ok("/api/v1/me/enrollments", &token).await;
        assert_eq!(enrollments["total"], 2, "专科 and 专升本 本科");
        let items = enrollments["items"].as_array().unwrap();
        assert!(items.iter().all(|e| e["name"] == "张伟" && e["id_number"] == "510199200211300331"));
        let pending = items.iter().find(|e| e["school_name"] == "四川大学").unwrap();
        assert_eq!(pending["qualification_pending"], true);
        assert_eq!(pending["status"], "在籍");
        assert_eq!(pending["province_name"], "四川省");
        assert_eq!(app.get_ok("/api/v1/me/degrees", &token).await["total"], 1);

        // Same name, another ID number: sees nothing of 张伟's.
        let first17 = "51019920021130041";
        let other_id = format!("{first17}{}", xuexin::rules::id_number::check_char(first17).unwrap());
        let other = app.student("other@example.cn", "张伟", &other_id).await;
        assert_eq!(app.get_ok("/api/v1/me/enrollments", &other).await["total"], 0);
        assert_eq!(app.get_ok("/api/v1/me/degrees", &other).await["total"], 0);
        assert_eq!(problem(app.get("/api/v1/me/enrollments").await, 401).await["code"], "unauthorized");
    }
);

api_test!(with &[(DEMO[0], "true")],
    async fn a_verification_report_lives_until_it_expires_or_is_revoked(app) {
        let token = app.student("li@example.cn", "李华", "31019920010802022X").await;
        let degree = app.get_ok("/api/v1/me/degrees", &token).await["items"][0].clone();
        let body = json!({"record_type": "degree", "record_id": degree["id"], "valid_days": 30});
        let res = app.authed(Method::POST, "/api/v1/me/verification-reports", &token).json(&body).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 201);
        let report: Value = res.json().await.unwrap();
        let code = report["code"].as_str().unwrap().to_owned();
        assert_eq!(code.len(), 16);
        assert_eq!(report["state"], "active");
        assert_eq!(report["verify_url"], format!("http://127.0.0.1:8080/verify/{code}"));

        let lower = format!("{}-{}", &code[..8].to_lowercase(), &code[8..]);
        let public: Value = app.get(&format!("/api/v1/verification-reports/{lower}")).await.json().await.unwrap();
        assert_eq!(public["degree"]["name"], "李华");
        assert_eq!(public["degree"]["school_name"], "清华大学");

        app.clock.advance(Duration::days(30));
        let res = app.get(&format!("/api/v1/verification-reports/{code}")).await;
        assert_eq!(problem(res, 404).await["code"], "report_expired");
        let token = app.session("li@example.cn").await["access_token"].as_str().unwrap().to_owned();
        let list = app.get_ok("/api/v1/me/verification-reports", &token).await;
        assert_eq!(list["items"][0]["state"], "expired");

        let res = app.authed(Method::POST, &format!("/api/v1/me/verification-reports/{code}/extend"), &token).json(&json!({"valid_days": 60})).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(app.get(&format!("/api/v1/verification-reports/{code}")).await.status().as_u16(), 200);

        let res = app.authed(Method::DELETE, &format!("/api/v1/me/verification-reports/{code}"), &token).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 204);
        let res = app.get(&format!("/api/v1/verification-reports/{code}")).await;
        assert_eq!(problem(res, 404).await["code"], "report_revoked");
        assert_eq!(problem(app.get("/api/v1/verification-reports/ABCDEFGH23456789").await, 404).await["code"], "report_not_found");
    }
);

api_test!(with &[(DEMO[0], "true")],
    async fn reports_only_for_your_own_records_and_for_thirty_to_365_days(app) {
        let wang = app.student("wang@example.cn", "王小明", "11019920050314011X").await;
        let li = app.student("lihua@example.cn", "李华", "31019920010802022X").await;
        let li_degree = app.get_ok("/api/v1/me/degrees", &li).await["items"][0]["id"].clone();
        let body = json!({"record_type": "degree", "record_id": li_degree, "valid_days": 30});
        let res = app.authed(Method::POST, "/api/v1/me/verification-reports", &wang).json(&body).send().await.unwrap();
        assert_eq!(problem(res, 404).await["code"], "record_not_found");

        let mine = app.get_ok("/api/v1/me/enrollments", &wang).await["items"][0]["id"].clone();
        for days in [29, 366] {
            let body = json!({"record_type": "enrollment", "record_id": mine, "valid_days": days});
            let res = app.authed(Method::POST, "/api/v1/me/verification-reports", &wang).json(&body).send().await.unwrap();
            assert_eq!(problem(res, 422).await["errors"][0]["field"], "valid_days");
        }
        let body = json!({"record_type": "enrollment", "record_id": mine, "valid_days": 365});
        let created: Value = app.authed(Method::POST, "/api/v1/me/verification-reports", &wang).json(&body).send().await.unwrap().json().await.unwrap();
        let code = created["code"].as_str().unwrap();
        let public: Value = app.get(&format!("/api/v1/verification-reports/{code}")).await.json().await.unwrap();
        assert_eq!(public["enrollment"]["school_name"], "北京大学");
        assert_eq!(public["enrollment"]["name"], "王小明");
        let res = app.authed(Method::DELETE, &format!("/api/v1/me/verification-reports/{code}"), &li).send().await.unwrap();
        assert_eq!(problem(res, 404).await["code"], "report_not_found", "not yours to revoke");
    }
);

api_test!(with &[(DEMO[0], "true")],
    async fn the_degree_check_needs_the_certificate_number_and_the_right_name(app) {
        let ok: Value = app.get("/api/v1/degree-checks?certificate_no=100031202305000123&name=%E6%9D%8E%E5%8D%8E").await.json().await.unwrap();
        assert_eq!(ok["valid"], true);
        assert_eq!(ok["degree"]["school_name"], "清华大学");
        assert_eq!(ok["degree"]["id_number"], "310199********022X");
        let wrong_name: Value = app.get("/api/v1/degree-checks?certificate_no=100031202305000123&name=%E6%9D%8E%E6%98%8E").await.json().await.unwrap();
        assert_eq!(wrong_name, json!({"valid": false, "degree": null}));
        let unknown: Value = app.get("/api/v1/degree-checks?certificate_no=999&name=%E6%9D%8E%E5%8D%8E").await.json().await.unwrap();
        assert_eq!(unknown["valid"], false);
        assert_eq!(problem(app.get("/api/v1/degree-checks?certificate_no=&name=x").await, 422).await["errors"][0]["field"], "certificate_no");
        assert_eq!(problem(app.get("/api/v1/degree-checks?name=x").await, 400).await["code"], "invalid_query");
    }
);

api_test!(with &[("APP_IP_PUBLIC_LOOKUPS_PER_MINUTE", "3")],
    // The budget is a sliding minute: a client that spent it at the end of one minute does not
    // get it whole again when the next one starts (as with fixed windows), only as the spent
    // requests slide out of the last sixty seconds.
    async fn the_public_lookup_budget_slides_across_the_minute(app) {
        let check = || app.get("/api/v1/degree-checks?certificate_no=1&name=x");
        app.clock.set("2026-12-03T10:00:50Z".parse().unwrap());
        for _ in 0..3 {
            assert_eq!(check().await.status().as_u16(), 200);
        }
        let res = check().await;
        assert_eq!(res.headers()["retry-after"], "10", "this minute is full until it ends");
        assert_eq!(problem(res, 429).await["code"], "too_many_lookups");

        app.clock.advance(Duration::seconds(10) + Duration::milliseconds(1));
        assert_eq!(check().await.status().as_u16(), 200, "the first request of the new minute");
        let res = check().await;
        assert_eq!(res.headers()["retry-after"], "20", "three of the last minute still count until a third of it has slid out");
        assert_eq!(problem(res, 429).await["code"], "too_many_lookups");
        app.clock.advance(Duration::seconds(20));
        assert_eq!(check().await.status().as_u16(), 200);
    }
);

api_test!(with &[(DEMO[0], "true"), ("APP_IP_PUBLIC_LOOKUPS_PER_MINUTE", "3")],
    async fn public_lookups_are_rate_limited_per_ip(app) {
        for _ in 0..3 {
            assert_eq!(app.get("/api/v1/degree-checks?certificate_no=1&name=x").await.status().as_u16(), 200);
        }
        let res = app.get("/api/v1/verification-reports/ABCDEFGH23456789").await;
        assert!(res.headers().contains_key("retry-after"));
        assert_eq!(problem(res, 429).await["code"], "too_many_lookups");
        app.clock.advance(Duration::seconds(61));
        assert_eq!(app.get("/api/v1/degree-checks?certificate_no=1&name=x").await.status().as_u16(), 200);
    }
);
