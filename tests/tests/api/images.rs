//! Image collation: photo batches (with real generated images and hostile ZIPs), linking and
//! relinking after each kind of fix, what each person may see, the school's module.

use std::io::{Cursor, Write};

use image::ImageFormat;
use reqwest::Method;
use serde_json::{json, Value};
use xuexin::images::photo::synthetic;
use xuexin::staff::Role;
use xuexin_tests::{api_test, problem, TestApp};

const DEMO: &[(&str, &str)] = &[("APP_DEMO_DATA", "true")];
pub(crate) const WANG: &str = "11019920050314011X";
const HEADER: &str = "file,school_name,name,id_number,captured_on";

/// A ZIP holding `entries` (name, bytes) as they are.
pub(crate) fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

pub(crate) fn jpeg(seed: u32) -> Vec<u8> {
    synthetic(480, 640, seed, ImageFormat::Jpeg)
}

/// A ZIP with `manifest.csv` of `lines` (after the header) and the photos.
pub(crate) fn batch(lines: &[&str], photos: &[(&str, &[u8])]) -> Vec<u8> {
    let manifest = format!("{HEADER}\n{}\n", lines.join("\n"));
    let mut entries: Vec<(&str, &[u8])> = vec![("manifest.csv", manifest.as_bytes())];
    entries.extend_from_slice(photos);
    zip_of(&entries)
}

async fn upload(app: &TestApp, token: &str, zip: Vec<u8>) -> reqwest::Response {
    app.authed(Method::POST, "/api/v1/image-batches", token)
        .header("content-type", "application/zip")
        .body(zip)
        .send()
        .await
        .unwrap()
}

pub(crate) async fn uploaded(app: &TestApp, token: &str, zip: Vec<u8>) -> Value {
    let res = upload(app, token, zip).await;
    assert_eq!(res.status().as_u16(), 201);
    res.json().await.unwrap()
}

/// The (line, file) of every manifest line a batch report rejected, in its order.
pub(crate) fn rejected(report: &Value) -> Vec<(u64, &str)> {
    report["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["line"].as_u64().unwrap(), r["file"].as_str().unwrap()))
        .collect()
}

pub(crate) async fn operator(app: &TestApp) -> String {
    app.staff_token(Role::ImageOperator, "photo@example.cn", None, None)
        .await
}

pub(crate) async fn school(app: &TestApp) -> String {
    app.staff_token(Role::SchoolAdmin, "pku@example.cn", Some("10001"), None)
        .await
}

fn photo_files(app: &TestApp) -> usize {
    std::fs::read_dir(app.dir.path().join("data/photos/photos")).map_or(0, |d| d.count())
}

api_test!(with DEMO,
    async fn a_batch_stores_good_photos_and_reports_each_bad_line(app) {
        let op = operator(&app).await;
        let demo_photos = photo_files(&app);
        let (good, png) = (jpeg(1), synthetic(480, 640, 2, ImageFormat::Png));
        let small = synthetic(300, 400, 3, ImageFormat::Jpeg);
        let mut corrupt = jpeg(4);
        corrupt.truncate(corrupt.len() / 2);
        let lines = [
            "a.jpg,北京大学,王小明,11019920050314011X,2026-06-01",
            "b.png,清华大学,李华,31019920010802022X,2026-06-01",
            "c.jpg,北京大学,买买提·艾力,650199200409090799,2026-06-01",
            "d.jpg,北京大学,买买提·艾力,650199200409090799,2026-06-01",
            "e.jpg,北京大学,买买提·艾力,650199200409090799,2026-06-01",
            "f.jpg,北京大学,王小明,11019920050314011X,2026-06-02",
            "g.jpg,北京大学,Wang,11019920050314011X,2026-06-01",
            "missing.jpg,北京大学,王小明,11019920050314011X,2026-06-01",
        ];
        let zip = batch(&lines, &[("a.jpg", &good), ("b.png", &png), ("c.jpg", &small), ("d.jpg", &corrupt), ("e.jpg", b"%PDF-1.7 renamed to .jpg"), ("f.jpg", &good), ("g.jpg", &jpeg(5)), ("stray.jpg", &jpeg(6))]);
        let report = uploaded(&app, &op, zip).await;
        assert_eq!((report["lines"].as_u64(), report["accepted"].as_u64()), (Some(8), Some(2)));
        let rejected: Vec<(u64, String)> = report["rejected"].as_array().unwrap().iter().map(|r| (r["line"].as_u64().unwrap(), r["reason"].as_str().unwrap().to_owned())).collect();
        let lines_rejected: Vec<u64> = rejected.iter().map(|r| r.0).collect();
        assert_eq!(lines_rejected, [4, 5, 6, 7, 8, 9]);
        assert!(rejected[0].1.contains("300×400"), "{rejected:?}");
        assert!(rejected[1].1.contains("损坏"), "{rejected:?}");
        assert!(rejected[2].1.contains("JPEG 或 PNG"), "{rejected:?}");
        assert!(rejected[3].1.contains("第 2 行") && rejected[3].1.contains("重复"), "{rejected:?}");
        assert!(rejected[4].1.starts_with("姓名"), "{rejected:?}");
        assert!(rejected[5].1.contains("没有文件"), "{rejected:?}");
        assert_eq!(report["unreferenced_files"], json!(["stray.jpg"]));
        assert_eq!(photo_files(&app) - demo_photos, 2, "only the good photos are stored");

        // The same photo in a later batch is a duplicate of the stored one.
        app.clock.advance(chrono::Duration::seconds(5));
        let again = uploaded(&app, &op, batch(&["x.jpg,北京大学,王小明,11019920050314011X,2026-06-01"], &[("x.jpg", &good)])).await;
        assert_eq!(again["accepted"], 0);
        assert!(again["rejected"][0]["reason"].as_str().unwrap().contains("已存储"));
        let batches = app.get_ok("/api/v1/image-batches", &op).await;
        assert_eq!(batches["total"], 2);
        assert_eq!(batches["items"][1]["accepted"], 2);
        let id = batches["items"][1]["id"].as_str().unwrap();
        assert_eq!(app.get_ok(&format!("/api/v1/image-batches/{id}"), &op).await["report"]["rejected"].as_array().unwrap().len(), 6);
        assert_eq!(app.audit_actions(id).await, ["image_batch.uploaded"]);
    }
);

api_test!(with &[("APP_BATCH_MAX_ENTRIES", "4"), ("APP_BATCH_MAX_BYTES", "300000")],
    async fn hostile_or_broken_zips_are_refused_whole(app) {
        let op = operator(&app).await;
        let line = "a.jpg,北京大学,王小明,11019920050314011X,2026-06-01";
        let code = |res: reqwest::Response, status: u16| async move { problem(res, status).await["code"].as_str().unwrap().to_owned() };
        let traversal = batch(&[line], &[("a.jpg", &jpeg(1)), ("../../etc/cron.d/evil", b"x")]);
        assert_eq!(code(upload(&app, &op, traversal).await, 422).await, "unsafe_entry_name");
        let zeros = vec![0u8; 64 * 1024 * 1024];
        let bomb = batch(&[line], &[("a.jpg", &zeros)]);
        assert!(bomb.len() < 300_000, "the bomb is small: {}", bomb.len());
        assert_eq!(code(upload(&app, &op, bomb).await, 422).await, "zip_bomb");
        let crowd = batch(&[line], &[("a.jpg", b"1"), ("b.jpg", b"2"), ("c.jpg", b"3"), ("d.jpg", b"4")]);
        assert_eq!(code(upload(&app, &op, crowd).await, 422).await, "too_many_entries");
        assert_eq!(code(upload(&app, &op, b"PK\x03\x04 not really".to_vec()).await, 422).await, "invalid_zip");
        assert_eq!(code(upload(&app, &op, zip_of(&[("a.jpg", &jpeg(1))])).await, 422).await, "manifest_missing");
        // Stored, not deflated: the body really is past the limit.
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        w.start_file("a.bin", zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored)).unwrap();
        w.write_all(&vec![7u8; 400_000]).unwrap();
        let big = w.finish().unwrap().into_inner();
        assert_eq!(code(upload(&app, &op, big).await, 413).await, "payload_too_large");
        let res = app.authed(Method::POST, "/api/v1/image-batches", &op).header("content-type", "text/csv").body("x").send().await.unwrap();
        assert_eq!(code(res, 415).await, "unsupported_media_type");
        assert_eq!(photo_files(&app), 0, "nothing of a refused batch is stored");
        let support = app.staff_token(Role::Support, "desk@example.cn", None, None).await;
        assert_eq!(upload(&app, &support, batch(&[line], &[("a.jpg", &jpeg(1))])).await.status().as_u16(), 403);
    }
);

api_test!(with DEMO,
    async fn the_student_sees_their_photo_and_finds_a_mistyped_one(app) {
        let op = operator(&app).await;
        let student = app.student("wxm@example.cn", "王小明", WANG).await;
        let record = app.get_ok("/api/v1/me/enrollments", &student).await["items"][0].clone();
        assert_eq!(record["has_photo"], false);
        let e = record["id"].as_str().unwrap().to_owned();
        let res = app.authed(Method::GET, &format!("/api/v1/me/enrollments/{e}/photo"), &student).send().await.unwrap();
        assert_eq!(problem(res, 404).await["code"], "photo_not_found");
        // Captured as 王晓明: linked to nothing, a candidate for 王小明 (same ID number).
        let typo = jpeg(10);
        uploaded(&app, &op, batch(&["t.jpg,北京大学,王晓明,11019920050314011X,2026-06-01"], &[("t.jpg", &typo)])).await;
        let found = app.get_ok("/api/v1/me/photo-candidates", &student).await;
        assert_eq!(found["total"], 1);
        let c = &found["items"][0];
        assert_eq!((c["differs"].clone(), c["name"].as_str(), c["id_number"].as_str()), (json!(["name"]), Some("王**"), Some(WANG)));
        assert_eq!(c["enrollment_id"], e.as_str());
        let image = c["id"].as_str().unwrap().to_owned();
        let thumb = app.authed(Method::GET, c["thumbnail_url"].as_str().unwrap(), &student).send().await.unwrap();
        assert_eq!(thumb.headers()["content-type"], "image/jpeg");
        let thumb = thumb.bytes().await.unwrap();
        assert_eq!(image::load_from_memory(&thumb).unwrap().width(), 120);

        // "This is me" reaches the school's queue; the school fixes the name; the photo links.
        let res = app.send(Method::POST, "/api/v1/me/collation-requests", &student, json!({"kind": "this_is_me", "image_record_id": image, "message": "姓名录错了"})).await;
        assert_eq!(res.status().as_u16(), 201);
        let again = app.send(Method::POST, "/api/v1/me/collation-requests", &student, json!({"kind": "none_of_these", "enrollment_id": e})).await;
        assert_eq!(problem(again, 409).await["code"], "collation_request_open");
        let school = school(&app).await;
        let queue = app.get_ok("/api/v1/collation-requests?status=open", &school).await;
        assert_eq!(queue["total"], 1);
        assert_eq!(queue["items"][0]["student_email"], "wxm@example.cn");
        let request = queue["items"][0]["id"].as_str().unwrap().to_owned();
        let fixed: Value = app.send(Method::PATCH, &format!("/api/v1/image-records/{image}"), &school, json!({"name": "王小明"})).await.json().await.unwrap();
        assert_eq!((fixed["linked"].as_bool(), fixed["enrollment_ids"].clone()), (Some(true), json!([e])));
        let res = app.send(Method::POST, &format!("/api/v1/collation-requests/{request}/resolve"), &school, json!({"note": "已更正"})).await;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(app.get_ok("/api/v1/me/collation-requests", &student).await["items"][0]["status"], "resolved");

        assert_eq!(app.get_ok("/api/v1/me/enrollments", &student).await["items"][0]["has_photo"], true);
        assert_eq!(app.get_ok("/api/v1/me/photo-candidates", &student).await["total"], 0);
        let res = app.authed(Method::GET, &format!("/api/v1/me/enrollments/{e}/photo"), &student).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(res.headers()["content-type"], "image/jpeg");
        assert!(res.headers()["cache-control"].to_str().unwrap().contains("private"));
        let etag = res.headers()["etag"].to_str().unwrap().to_owned();
        // Stored re-encoded (no metadata): the same picture, not the same bytes.
        let served = image::load_from_memory(&res.bytes().await.unwrap()).unwrap();
        assert_eq!((served.width(), served.height()), (480, 640));
        let res = app.authed(Method::GET, &format!("/api/v1/me/enrollments/{e}/photo"), &student).header("if-none-match", &etag).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 304);
        assert_eq!(app.audit_actions(&image).await, ["image_record.corrected"]);
    }
);

api_test!(with DEMO,
    async fn photos_relink_after_each_kind_of_fix(app) {
        let op = operator(&app).await;
        let school = school(&app).await;
        let reviewer = app.staff_token(Role::ProvincialReviewer, "bj@example.cn", None, Some("11")).await;
        let admin = app.staff_token(Role::PlatformAdmin, "admin@example.cn", None, None).await;
        let record = app.find_enrollment(&school, "10001", WANG).await;
        let e = record["id"].as_str().unwrap().to_owned();
        // Captured at "北大" (school name mistyped): unlinked, but the school sees it by ID number.
        let report = uploaded(&app, &op, batch(&["a.jpg,北大,王晓明,11019920050314011X,2026-06-01"], &[("a.jpg", &jpeg(20))])).await;
        assert_eq!(report["accepted"], 1);
        let unlinked = app.get_ok(&format!("/api/v1/image-records?id_number={WANG}&linked=false"), &school).await;
        assert_eq!(unlinked["total"], 1);
        let image = unlinked["items"][0]["id"].as_str().unwrap().to_owned();
        let path = format!("/api/v1/image-records/{image}");
        // 1. The school fixes the school name: still no match (the name differs).
        let fixed: Value = app.send(Method::PATCH, &path, &school, json!({"school_name": "北京大学"})).await.json().await.unwrap();
        assert_eq!(fixed["linked"], false);
        // 2. A correction of the record's name, approved: the photo links.
        let res = app.send(Method::POST, &format!("/api/v1/enrollments/{e}/change-requests"), &school, json!({"changes": {"name": "王晓明"}, "reason": "依据身份证"})).await;
        let cr = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
        app.send(Method::POST, &format!("/api/v1/change-requests/{cr}/approve"), &reviewer, json!({})).await;
        assert_eq!(app.get_ok(&path, &school).await["enrollment_ids"], json!([e]));
        assert_eq!(app.get_ok(&format!("/api/v1/enrollments/{e}"), &school).await["has_photo"], true);
        // 3. An import that renames the record back: unlinked again.
        let row = format!("school_code,student_no,name,id_number,sex,birth_date,ethnicity,major,level,study_form,entry_date,expected_graduation,status,qualification_pending\n10001,{},王小明,{WANG},男,2005-03-14,汉族,计算机科学与技术,本科,普通全日制,2023-09-01,2027-07-01,在籍,false\n", record["student_no"].as_str().unwrap());
        let res = app.authed(Method::POST, "/api/v1/imports/enrollments", &admin).header("content-type", "text/csv").body(row).send().await.unwrap();
        assert_eq!(res.json::<Value>().await.unwrap()["imported"], 1);
        assert_eq!(app.get_ok(&path, &school).await["linked"], false);
        // 4. The school fixes the captured name: linked once more.
        let fixed: Value = app.send(Method::PATCH, &path, &school, json!({"name": "王小明"})).await.json().await.unwrap();
        assert_eq!(fixed["linked"], true);
        let p = problem(app.send(Method::PATCH, &path, &school, json!({"id_number": "12345", "school_name": " "})).await, 422).await;
        let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["school_name", "id_number"]);
        assert_eq!(app.audit_actions(&image).await, ["image_record.corrected", "image_record.corrected"]);
    }
);

api_test!(with DEMO,
    async fn nobody_sees_another_persons_photo(app) {
        let op = operator(&app).await;
        uploaded(&app, &op, batch(&["a.jpg,北京大学,王小明,11019920050314011X,2026-06-01", "b.jpg,复旦大学,陈静,440199200002290263,2026-06-01"], &[("a.jpg", &jpeg(30)), ("b.jpg", &jpeg(31))])).await;
        let wang = app.student("wxm@example.cn", "王小明", WANG).await;
        let chen = app.student("cj@example.cn", "陈静", "440199200002290263").await;
        let wang_record = app.get_ok("/api/v1/me/enrollments", &wang).await["items"][0]["id"].as_str().unwrap().to_owned();
        // Another student: the record is not theirs; no candidates of other people by name alone.
        let res = app.authed(Method::GET, &format!("/api/v1/me/enrollments/{wang_record}/photo"), &chen).send().await.unwrap();
        assert_eq!(problem(res, 404).await["code"], "record_not_found");
        assert_eq!(app.get_ok("/api/v1/me/photo-candidates", &chen).await["total"], 0);
        // Anonymous: 401. Another school's admin: the record is not found.
        assert_eq!(app.get(&format!("/api/v1/me/enrollments/{wang_record}/photo")).await.status().as_u16(), 401);
        let pku = school(&app).await;
        let fudan = app.staff_token(Role::SchoolAdmin, "fudan@example.cn", Some("10246"), None).await;
        let image = app.get_ok(&format!("/api/v1/image-records?id_number={WANG}"), &pku).await["items"][0]["id"].as_str().unwrap().to_owned();
        assert_eq!(app.get_ok(&format!("/api/v1/image-records?id_number={WANG}"), &fudan).await["total"], 0);
        let res = app.authed(Method::GET, &format!("/api/v1/image-records/{image}/photo"), &fudan).send().await.unwrap();
        assert_eq!(problem(res, 404).await["code"], "image_record_not_found");
        let res = app.authed(Method::GET, &format!("/api/v1/image-records/{image}/photo"), &pku).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let thumb = app.authed(Method::GET, &format!("/api/v1/me/photo-candidates/{image}/thumbnail"), &chen).send().await.unwrap();
        assert_eq!(problem(thumb, 404).await["code"], "image_record_not_found");
        assert_eq!(app.authed(Method::GET, "/api/v1/image-records", &op).send().await.unwrap().status().as_u16(), 403);
    }
);

api_test!(with DEMO,
    async fn a_deleted_duplicate_disappears_and_its_bytes_are_swept(app) {
        let op = operator(&app).await;
        let school = school(&app).await;
        let demo_photos = photo_files(&app);
        uploaded(&app, &op, batch(&["a.jpg,北京大学,王小明,11019920050314011X,2026-06-01", "b.jpg,北京大学,王小明,11019920050314011X,2026-07-01"], &[("a.jpg", &jpeg(40)), ("b.jpg", &jpeg(41))])).await;
        let page = app.get_ok(&format!("/api/v1/image-records?id_number={WANG}"), &school).await;
        assert_eq!(page["total"], 2);
        let newest = page["items"].as_array().unwrap().iter().find(|i| i["captured_on"] == "2026-07-01").unwrap()["id"].as_str().unwrap().to_owned();
        let del = |body: Value| app.authed(Method::DELETE, &format!("/api/v1/image-records/{newest}"), &school).json(&body).send();
        assert_eq!(problem(del(json!({})).await.unwrap(), 422).await["errors"][0]["field"], "reason");
        let deleted: Value = del(json!({"reason": "重复照片"})).await.unwrap().json().await.unwrap();
        assert_eq!(deleted["deleted_reason"], "重复照片");
        assert_eq!(problem(del(json!({"reason": "again"})).await.unwrap(), 409).await["code"], "image_record_deleted");
        assert_eq!(app.get_ok(&format!("/api/v1/image-records?id_number={WANG}"), &school).await["total"], 1);
        assert_eq!(app.get_ok(&format!("/api/v1/image-records?id_number={WANG}&include_deleted=true"), &school).await["total"], 2);
        assert_eq!(photo_files(&app) - demo_photos, 2, "the bytes stay until the sweep");
        let settings = xuexin::config::Config::from_lookup(&|k| (k == "APP_DATA_DIR").then(|| app.dir.path().join("data").to_string_lossy().into_owned())).unwrap().photos;
        let store = xuexin::storage::ObjectPhotos::from_settings(&settings).unwrap();
        let swept = xuexin::images::sweep::sweep(&app.db, &store, chrono::Utc::now()).await.unwrap();
        assert_eq!((swept, photo_files(&app) - demo_photos), (1, 1));
        let res = app.authed(Method::GET, &format!("/api/v1/image-records/{newest}/photo"), &school).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 404);
        assert_eq!(app.audit_actions(&newest).await, ["image_record.deleted"]);
    }
);

api_test!(with DEMO,
    async fn the_demo_has_photos_to_try(app) {
        let li = app.student("lh@example.cn", "李华", "31019920010802022X").await;
        assert_eq!(app.get_ok("/api/v1/me/enrollments", &li).await["items"][0]["has_photo"], true);
        let mmt = app.student("mmt@example.cn", "买买提·艾力", "650199200409090799").await;
        assert_eq!(app.get_ok("/api/v1/me/enrollments", &mmt).await["items"][0]["has_photo"], false);
        let found = app.get_ok("/api/v1/me/photo-candidates", &mmt).await;
        assert_eq!((found["total"].as_u64(), found["items"][0]["differs"].clone()), (Some(1), json!(["name"])));
        let fudan = app.staff_token(Role::SchoolAdmin, "fd@example.cn", Some("10246"), None).await;
        let chen = app.get_ok("/api/v1/image-records?id_number=440199200002290263", &fudan).await;
        assert_eq!(chen["total"], 2, "a duplicate to delete");
    }
);

api_test!(with DEMO,
    // The record cards read both flags in the query of the records themselves: each card must
    // get its own, not its neighbour's.
    async fn each_record_card_carries_its_own_photo_and_correction_flags(app) {
        let line = format!(
            "{}\n10003,T9,王小明,{WANG},男,2005-03-14,汉族,物理学,本科,普通全日制,2019-09-01,2023-07-01,毕业,false\n",
            "school_code,student_no,name,id_number,sex,birth_date,ethnicity,major,level,study_form,entry_date,expected_graduation,status,qualification_pending"
        );
        let report = crate::imports::run(&app, xuexin::records::import::Kind::Enrollments, &line, false).await;
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let student = app.student("wxm@example.cn", "王小明", WANG).await;
        let op = operator(&app).await;
        let photo = format!("w.jpg,北京大学,王小明,{WANG},2026-06-01");
        uploaded(&app, &op, batch(&[&photo], &[("w.jpg", &jpeg(3))])).await;
        let thu = app.staff_token(Role::SchoolAdmin, "thu@example.cn", Some("10003"), None).await;
        let cards = app.get_ok("/api/v1/me/enrollments", &student).await;
        let older = cards["items"][1]["id"].as_str().unwrap().to_owned();
        let res = app
            .send(Method::POST, &format!("/api/v1/enrollments/{older}/change-requests"), &thu, json!({"changes": {"major": "应用物理"}, "reason": "专业名称有误"}))
            .await;
        assert_eq!(res.status().as_u16(), 201);

        let cards = app.get_ok("/api/v1/me/enrollments", &student).await;
        let flags: Vec<(&str, bool, bool)> = cards["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["school_name"].as_str().unwrap(), c["has_photo"].as_bool().unwrap(), c["correction_pending"].as_bool().unwrap()))
            .collect();
        assert_eq!(flags, [("北京大学", true, false), ("清华大学", false, true)]);
    }
);

api_test!(with DEMO,
    // The school's list reads the flags of a whole page in one query: each row must get its own,
    // and the same as the record read alone.
    async fn each_row_of_the_school_list_carries_its_own_photo_and_correction_flags(app) {
        let op = operator(&app).await;
        let photo = format!("w.jpg,北京大学,王小明,{WANG},2026-06-01");
        uploaded(&app, &op, batch(&[&photo], &[("w.jpg", &jpeg(3))])).await;
        let pku = app.staff_token(Role::SchoolAdmin, "pku2@example.cn", Some("10001"), None).await;
        let list = app.get_ok("/api/v1/schools/10001/students?per_page=100", &pku).await;
        let items = list["items"].as_array().unwrap();
        assert!(items.len() >= 3, "{list}");
        let other = items.iter().find(|r| r["id_number"] != WANG && r["status"] != "注销").unwrap();
        let other_id = other["id"].as_str().unwrap().to_owned();
        let res = app
            .send(Method::POST, &format!("/api/v1/enrollments/{other_id}/change-requests"), &pku, json!({"changes": {"major": "应用物理"}, "reason": "专业名称有误"}))
            .await;
        assert_eq!(res.status().as_u16(), 201);

        let list = app.get_ok("/api/v1/schools/10001/students?per_page=100", &pku).await;
        let rows = list["items"].as_array().unwrap();
        assert!(rows.iter().any(|r| r["has_photo"] == false), "some rows have no photo: {list}");
        for row in rows {
            let id = row["id"].as_str().unwrap();
            let alone = app.get_ok(&format!("/api/v1/enrollments/{id}"), &pku).await;
            assert_eq!((&row["has_photo"], &row["correction_pending"]), (&alone["has_photo"], &alone["correction_pending"]), "{id}");
            assert_eq!(row["correction_pending"], id == other_id, "{id}");
            if row["id_number"] == WANG {
                assert_eq!(row["has_photo"], true, "{row}");
            }
        }
    }
);
