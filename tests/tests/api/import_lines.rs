//! Import errors name the line a text editor shows: the header is line 1, the first record line 2,
//! whatever the line endings, with blank lines counted and a record that spans lines (a quoted
//! cell with line breaks) named by the line it starts on. The CSV import API and photo manifests.

use crate::images::{operator, rejected, uploaded, zip_of};
use image::ImageFormat;
use reqwest::Method;
use serde_json::Value;
use xuexin::images::photo::synthetic;
use xuexin::staff::Role;
use xuexin_tests::{api_test, TestApp};

const SCHOOLS: &str = "code,name,province_code";

/// The errors of a dry-run school import of `csv` over HTTP, as (line, field).
async fn school_errors(app: &TestApp, token: &str, csv: &str) -> Vec<(u64, String)> {
    let res = app
        .authed(Method::POST, "/api/v1/imports/schools?dry_run=true", token)
        .header("content-type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let report: Value = res.json().await.unwrap();
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

fn at(line: u64, field: &str) -> (u64, String) {
    (line, field.to_owned())
}

api_test!(
    async fn import_errors_name_the_editor_line_of_the_bad_record(app) {
        let admin = app.staff_token(Role::PlatformAdmin, "admin@example.cn", None, None).await;
        // Header, then the bad record on editor line 2: with LF, CRLF and lone-CR endings.
        for ending in ["\n", "\r\n", "\r"] {
            let csv = format!("{SCHOOLS}{ending}30001,甲大学,99{ending}");
            assert_eq!(school_errors(&app, &admin, &csv).await, [at(2, "province_code")], "{csv:?}");
        }
        // A quoted cell over three editor lines (2–4), then the bad record on line 5. (A school
        // name holds no line break, so the first record is named as bad too, by its first line.)
        for ending in ["\n", "\r\n"] {
            let csv = format!("{SCHOOLS}{ending}30001,\"甲{ending}大{ending}学\",11{ending}30002,乙大学,99{ending}");
            assert_eq!(school_errors(&app, &admin, &csv).await, [at(2, "name"), at(5, "province_code")], "{csv:?}");
        }
        // Blank lines count as an editor counts them, though they hold no record.
        let csv = format!("{SCHOOLS}\r\n\r\n30001,甲大学,11\r\n\r\n\r\n30002,乙大学,99\r\n");
        assert_eq!(school_errors(&app, &admin, &csv).await, [at(6, "province_code")]);
        // A duplicate names both lines the editor's way.
        let res = app
            .authed(Method::POST, "/api/v1/imports/schools?dry_run=true", &admin)
            .header("content-type", "text/csv")
            .body(format!("{SCHOOLS}\r\n30001,甲大学,11\r\n30001,甲大学,11\r\n"))
            .send()
            .await
            .unwrap();
        let report: Value = res.json().await.unwrap();
        assert_eq!((report["errors"][0]["line"].as_u64(), report["errors"][0]["field"].as_str()), (Some(3), Some("code")));
        assert!(report["errors"][0]["reason"].as_str().unwrap().contains("第 2 行"), "{report}");
    }
);

api_test!(
    async fn photo_manifest_lines_are_the_editor_lines_of_a_crlf_manifest(app) {
        let op = operator(&app).await;
        let photo = synthetic(480, 640, 7, ImageFormat::Jpeg);
        // Line 2 is good, line 3 blank, line 4 names a missing file, line 5 starts a record whose
        // quoted school name spans two lines and whose date is bad.
        let manifest = "file,school_name,name,id_number,captured_on\r\n\
            a.jpg,北京大学,王小明,11019920050314011X,2026-09-01\r\n\
            \r\n\
            missing.jpg,北京大学,王小明,11019920050314011X,2026-09-01\r\n\
            a2.jpg,\"北京\r\n大学\",王小明,11019920050314011X,not-a-date\r\n";
        let zip = zip_of(&[("manifest.csv", manifest.as_bytes()), ("a.jpg", &photo), ("a2.jpg", &synthetic(480, 640, 8, ImageFormat::Jpeg))]);
        let report = uploaded(&app, &op, zip).await;
        assert_eq!(rejected(&report), [(4, "missing.jpg"), (5, "a2.jpg")], "{report}");
        assert_eq!(report["accepted"], 1);
    }
);
