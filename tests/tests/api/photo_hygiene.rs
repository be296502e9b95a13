//! Photo hygiene: what an uploaded photo carries besides its pixels (EXIF with a GPS position, a
//! comment, bytes hidden after the image, PNG text chunks) is never stored nor served, and every
//! photo answer is kept out of disk caches, unsniffable and shown inline under a safe name.

use image::ImageFormat;
use reqwest::Method;
use serde_json::{json, Value};
use xuexin::images::photo::synthetic;
use xuexin_tests::{api_test, TestApp};

use crate::images::{batch, operator, school, uploaded, WANG};

const DEMO: &[(&str, &str)] = &[("APP_DEMO_DATA", "true")];
const MARKER: &[u8] = b"GPS 31.2304N 121.4737E SERIAL XY-123456";

/// A 480×640 JPEG with an EXIF APP1 segment and a COM segment carrying `MARKER` after SOI, and
/// `MARKER` appended after its end (itself ending in FF D9, as a polyglot would).
fn dirty_jpeg(seed: u32) -> Vec<u8> {
    let clean = synthetic(480, 640, seed, ImageFormat::Jpeg);
    let segment = |kind: u8, body: &[u8]| {
        let len = (body.len() + 2) as u16;
        [&[0xFF, kind][..], &len.to_be_bytes(), body].concat()
    };
    let exif = [b"Exif\0\0MM\0*".as_slice(), MARKER].concat();
    [
        &clean[..2],
        &segment(0xE1, &exif),
        &segment(0xFE, MARKER),
        &clean[2..],
        MARKER,
        &[0xFF, 0xD9],
    ]
    .concat()
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A 480×640 PNG with a `tEXt` chunk carrying `MARKER` right after its header chunk.
fn dirty_png(seed: u32) -> Vec<u8> {
    let clean = synthetic(480, 640, seed, ImageFormat::Png);
    let body = [b"tEXtComment\0".as_slice(), MARKER].concat();
    let chunk = [
        &((body.len() - 4) as u32).to_be_bytes()[..],
        &body,
        &crc32(&body).to_be_bytes(),
    ]
    .concat();
    let after_header = 8 + 25;
    [&clean[..after_header], &chunk, &clean[after_header..]].concat()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// GETs a photo endpoint; asserts the status, the type, the hygiene headers and the inline name.
async fn photo(
    app: &TestApp,
    path: &str,
    token: &str,
    content_type: &str,
    file: &str,
) -> (Vec<u8>, String) {
    let res = app.authed(Method::GET, path, token).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200, "{path}");
    let h = res.headers().clone();
    assert_eq!(h["content-type"], content_type, "{path}");
    assert_eq!(h["cache-control"], "private, no-store", "{path}");
    assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
    assert_eq!(
        h["content-disposition"].to_str().unwrap(),
        format!("inline; filename=\"{file}\""),
        "{path}"
    );
    let etag = h["etag"].to_str().unwrap().to_owned();
    (res.bytes().await.unwrap().to_vec(), etag)
}

/// Asserts that `bytes` decode as a 480×640 picture without the marker.
fn assert_clean(bytes: &[u8], format: ImageFormat) {
    assert!(!contains(bytes, MARKER), "the marker survived");
    assert_eq!(image::guess_format(bytes).unwrap(), format);
    let img = image::load_from_memory(bytes).unwrap();
    assert_eq!((img.width(), img.height()), (480, 640));
}

/// The school's collection records named `name`, through the search that keeps names out of URLs.
async fn records_named(app: &TestApp, token: &str, name: &str) -> Vec<Value> {
    let res = app
        .send(
            Method::POST,
            "/api/v1/image-records/search",
            token,
            json!({"name": name}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let page: Value = res.json().await.unwrap();
    page["items"].as_array().unwrap().clone()
}

api_test!(with DEMO,
    async fn uploaded_metadata_and_payloads_are_never_stored_nor_served(app) {
        let (op, school) = (operator(&app).await, school(&app).await);
        let student = app.student("wxm@example.cn", "王小明", WANG).await;
        let (jpeg, png) = (dirty_jpeg(60), dirty_png(61));
        assert!(contains(&jpeg, MARKER) && contains(&png, MARKER));
        // Linked to 王小明's record; a second one captured as 王晓明 is a candidate of theirs.
        let lines = [format!("a.jpg,北京大学,王小明,{WANG},2026-06-01"), format!("t.png,北京大学,王晓明,{WANG},2026-06-02")];
        let report = uploaded(&app, &op, batch(&[&lines[0], &lines[1]], &[("a.jpg", &jpeg), ("t.png", &png)])).await;
        assert_eq!((report["accepted"].as_u64(), report["rejected"].clone()), (Some(2), json!([])));
        // What lies on disk is clean too.
        let dir = app.dir.path().join("data/photos/photos");
        for file in std::fs::read_dir(&dir).unwrap() {
            assert!(!contains(&std::fs::read(file.unwrap().path()).unwrap(), MARKER));
        }

        let e = app.get_ok("/api/v1/me/enrollments", &student).await["items"][0]["id"].as_str().unwrap().to_owned();
        let linked = records_named(&app, &school, "王小明").await;
        let (linked_id, linked_size) = (linked[0]["id"].as_str().unwrap().to_owned(), linked[0]["size_bytes"].as_u64().unwrap());
        let typo = records_named(&app, &school, "王晓明").await;
        let typo_id = typo[0]["id"].as_str().unwrap().to_owned();

        let (mine, etag) = photo(&app, &format!("/api/v1/me/enrollments/{e}/photo"), &student, "image/jpeg", &format!("photo-{linked_id}.jpg")).await;
        assert_clean(&mine, ImageFormat::Jpeg);
        assert_eq!(mine.len() as u64, linked_size, "size_bytes is what is served");
        let (staff_view, _) = photo(&app, &format!("/api/v1/image-records/{linked_id}/photo"), &school, "image/jpeg", &format!("photo-{linked_id}.jpg")).await;
        assert_eq!(staff_view, mine);
        let (typo_view, _) = photo(&app, &format!("/api/v1/image-records/{typo_id}/photo"), &school, "image/png", &format!("photo-{typo_id}.png")).await;
        assert_clean(&typo_view, ImageFormat::Png);
        let (thumb, _) = photo(&app, &format!("/api/v1/me/photo-candidates/{typo_id}/thumbnail"), &student, "image/jpeg", &format!("thumbnail-{typo_id}.jpg")).await;
        assert!(!contains(&thumb, MARKER));

        // The ETag still answers 304, with the same no-store rule.
        let res = app.authed(Method::GET, &format!("/api/v1/me/enrollments/{e}/photo"), &student).header("if-none-match", &etag).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 304);
        assert_eq!(res.headers()["cache-control"], "private, no-store");
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    }
);

api_test!(with DEMO,
    async fn an_identical_reupload_is_still_a_duplicate(app) {
        let op = operator(&app).await;
        let jpeg = dirty_jpeg(62);
        let line = format!("a.jpg,北京大学,王小明,{WANG},2026-06-01");
        assert_eq!(uploaded(&app, &op, batch(&[&line], &[("a.jpg", &jpeg)])).await["accepted"], 1);
        let again = uploaded(&app, &op, batch(&[&line], &[("a.jpg", &jpeg)])).await;
        assert_eq!(again["accepted"], 0);
        assert_eq!(again["rejected"], json!([{"line": 2, "file": "a.jpg", "reason": "与已存储的照片完全相同（重复），未保存"}]));
    }
);

/// The JWT crate signs with aws-lc-rs: the `rsa` crate (RUSTSEC-2023-0071, Marvin timing attack,
/// no fixed release) must not come back into the build through a feature.
#[test]
fn the_build_has_no_rsa_crate() {
    let lock = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock"),
    )
    .unwrap();
    assert!(lock.contains("name = \"jsonwebtoken\""));
    assert!(
        !lock.contains("name = \"rsa\""),
        "the rsa crate is back in Cargo.lock"
    );
}
