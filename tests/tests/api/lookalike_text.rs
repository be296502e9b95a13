//! Text that looks alike: names and school names are compared in Unicode NFC, and characters
//! that are not shown (control, zero-width, bidi, NUL) are refused in every text field, as a
//! field error over JSON and as a line error in CSV imports and photo manifests.

use crate::images::{operator, rejected, uploaded, zip_of};
use diesel::prelude::*;
use image::ImageFormat;
use reqwest::Method;
use serde_json::{json, Value};
use xuexin::db::schema::{image_records, schools};
use xuexin::images::photo::synthetic;
use xuexin::staff::Role;
use xuexin_tests::{api_test, problem, TestApp};

const DEMO: &[(&str, &str)] = &[("APP_DEMO_DATA", "true")];
/// 李华's ID number in the demo data.
const LI_HUA: &str = "31019920010802022X";

/// (field, code) of each error of a 422 problem.
async fn field_errors(res: reqwest::Response) -> Vec<(String, String)> {
    problem(res, 422).await["errors"]
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

fn invalid(fields: &[&str]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|f| ((*f).to_owned(), "invalid_characters".to_owned()))
        .collect()
}

/// The report of a (written, not dry-run) school import of `csv`.
async fn import_schools(app: &TestApp, token: &str, csv: &str) -> Value {
    let res = app
        .authed(Method::POST, "/api/v1/imports/schools", token)
        .header("content-type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    res.json().await.unwrap()
}

/// (line, field) of each error of an import report.
fn lines(report: &Value) -> Vec<(u64, String)> {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["field"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn school_count(app: &TestApp, code: &'static str) -> i64 {
    app.db
        .run(move |c| {
            Ok(schools::table
                .filter(schools::code.eq(code))
                .count()
                .get_result(c)?)
        })
        .await
        .unwrap()
}

api_test!(with DEMO,
    async fn a_compatibility_ideograph_in_the_name_finds_the_records(app) {
        // U+F9E1 shows as 李 but is another code point; NFC makes it U+674E.
        app.register("lihua@example.cn").await;
        let token = app.activate("lihua@example.cn").await;
        let res = app.identity(&token, "\u{F9E1}华", LI_HUA).await;
        assert_eq!(res.status().as_u16(), 200);
        let body: Value = res.json().await.unwrap();
        assert_eq!((body["name"].as_str(), body["records_found"].as_bool()), (Some("李华"), Some(true)));
        // The public degree check compares the same way (%EF%A7%A1 is U+F9E1).
        let res = app.get("/api/v1/degree-checks?certificate_no=100031202305000123&name=%EF%A7%A1%E5%8D%8E").await;
        assert_eq!(res.status().as_u16(), 200);
        let check: Value = res.json().await.unwrap();
        assert_eq!(check["valid"], true, "{check}");
    }
);

api_test!(
    async fn a_school_name_with_a_zero_width_space_is_refused_at_its_line(app) {
        let admin = app.staff_token(Role::PlatformAdmin, "admin@example.cn", None, None).await;
        let csv = "code,name,province_code\n30001,甲大学,11\n30002,北京\u{200B}大学,11\n";
        let report = import_schools(&app, &admin, csv).await;
        assert_eq!(lines(&report), [(3, "name".to_owned())], "{report}");
        let reason = report["errors"][0]["reason"].as_str().unwrap();
        assert!(reason.contains("零宽字符（U+200B）"), "{reason}");
        assert_eq!(report["imported"], 0);
        assert_eq!(school_count(&app, "30001").await, 0, "all or nothing");
    }
);

api_test!(
    async fn a_nul_in_a_csv_cell_is_a_line_error_and_nothing_is_written(app) {
        let admin = app.staff_token(Role::PlatformAdmin, "admin@example.cn", None, None).await;
        let csv = "code,name,province_code\n30001,甲大学,11\n30002,北京\u{0}大学,11\n";
        let report = import_schools(&app, &admin, csv).await;
        assert_eq!(lines(&report), [(3, "name".to_owned())], "{report}");
        assert!(report["errors"][0]["reason"].as_str().unwrap().contains("U+0000"), "{report}");
        assert_eq!(report["imported"], 0);
        assert_eq!(school_count(&app, "30001").await, 0);
        assert_eq!(school_count(&app, "30002").await, 0);
    }
);

api_test!(with DEMO,
    async fn bidi_controls_and_nuls_in_names_reasons_and_notes_are_field_errors(app) {
        let student = app.student("wxm@example.cn", "王晓明", "11019920050314011X").await;
        assert!(!student.is_empty());
        let support = app.staff_token(Role::Support, "desk@example.cn", None, None).await;
        let page = app.get_ok("/api/v1/support/accounts?id_number=11019920050314011X", &support).await;
        let id = page["items"][0]["id"].as_str().unwrap().to_owned();
        let path = format!("/api/v1/support/accounts/{id}/identity");
        let correct = |name: &str, reason: &str| {
            app.send(
                Method::PATCH,
                &path,
                &support,
                json!({"name": name, "id_number": "11019920050314011X", "reason": reason}),
            )
        };
        // U+202E would show "王小明" reversed parts; a NUL would reach PostgreSQL as a 500.
        assert_eq!(field_errors(correct("王\u{202E}小明", "学生\u{202E}来电").await).await, invalid(&["name", "reason"]));
        assert_eq!(field_errors(correct("王小明", "学生\u{0}来电").await).await, invalid(&["reason"]));
        assert_eq!(field_errors(correct("王\u{0}小明", "学生来电").await).await, invalid(&["name"]));
        let found = app.get_ok(&format!("/api/v1/support/accounts/{id}"), &support).await;
        assert_eq!(found["name"], "王晓明", "nothing changed");

        // A school's note on a qualification check (several lines allowed, bidi not).
        let school = app.staff_token(Role::SchoolAdmin, "scu@example.cn", Some("10610"), None).await;
        let record = app.find_enrollment(&school, "10610", "510199200211300331").await;
        let check = format!("/api/v1/enrollments/{}/qualification-check", record["id"].as_str().unwrap());
        let res = app.send(Method::POST, &check, &school, json!({"result": "rejected", "note": "专科学籍\u{202E}不存在"})).await;
        assert_eq!(field_errors(res).await, invalid(&["note"]));
        let res = app.send(Method::POST, &check, &school, json!({"result": "confirmed", "note": "已核实\n专科学籍"})).await;
        assert_eq!(res.status().as_u16(), 200);

        // A correction's new value is text like any other.
        let res = app.send(
            Method::POST,
            &format!("/api/v1/enrollments/{}/change-requests", record["id"].as_str().unwrap()),
            &school,
            json!({"changes": {"major": "网络\u{200B}工程"}, "reason": "专业有误"}),
        ).await;
        assert_eq!(field_errors(res).await, invalid(&["changes.major"]));
    }
);

api_test!(
    async fn a_nul_in_a_manifest_line_rejects_that_line_and_stores_the_others(app) {
        let op = operator(&app).await;
        let manifest = "file,school_name,name,id_number,captured_on\n\
            a.jpg,北京大学,王小明,11019920050314011X,2026-09-01\n\
            b.jpg,北京\u{0}大学,王小明,11019920050314011X,2026-09-01\n\
            c.jpg,北京大学,王\u{202E}小明,11019920050314011X,2026-09-01\n";
        let zip = zip_of(&[
            ("manifest.csv", manifest.as_bytes()),
            ("a.jpg", &synthetic(480, 640, 7, ImageFormat::Jpeg)),
            ("b.jpg", &synthetic(480, 640, 8, ImageFormat::Jpeg)),
            ("c.jpg", &synthetic(480, 640, 9, ImageFormat::Jpeg)),
        ]);
        let report = uploaded(&app, &op, zip).await;
        assert_eq!(rejected(&report), [(3, "b.jpg"), (4, "c.jpg")], "{report}");
        assert!(report["rejected"][0]["reason"].as_str().unwrap().contains("school_name：含有空字符（U+0000）"), "{report}");
        assert!(report["rejected"][1]["reason"].as_str().unwrap().contains("U+202E"), "{report}");
        assert_eq!(report["accepted"], 1);
        let stored: Vec<String> = app
            .db
            .run(|c| Ok(image_records::table.select(image_records::file_name).load(c)?))
            .await
            .unwrap();
        assert_eq!(stored, ["a.jpg"]);
    }
);
