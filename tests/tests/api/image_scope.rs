//! How far a school admin reaches a photo in 图像校对: a fix can never move a photo onto another
//! school's record, photos captured for other schools are read-only, and revoked records do not
//! widen the view.

use reqwest::Method;
use serde_json::{json, Value};
use xuexin::staff::Role;
use xuexin_tests::{api_test, problem, TestApp};

use super::images::{batch, jpeg, operator, school, uploaded, WANG};

const DEMO: &[(&str, &str)] = &[("APP_DEMO_DATA", "true")];
/// 李华, a (graduated) student of 清华大学 with a linked photo in the demo data.
const LI: &str = "31019920010802022X";

/// The one record the school sees with this ID number.
async fn only_record(app: &TestApp, token: &str, id_number: &str) -> Value {
    let page = app
        .get_ok(
            &format!("/api/v1/image-records?id_number={id_number}"),
            token,
        )
        .await;
    assert_eq!(page["total"], 1, "{page}");
    page["items"][0].clone()
}

/// (field, code) of each field error of a problem.
fn field_errors(p: &Value) -> Vec<(String, String)> {
    p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap().to_owned();
            (s("field"), s("code"))
        })
        .collect()
}

fn pair(field: &str, code: &str) -> (String, String) {
    (field.to_owned(), code.to_owned())
}

/// The ETag of the photo on the student's first record.
async fn photo_etag(app: &TestApp, student: &str) -> String {
    let e = app.get_ok("/api/v1/me/enrollments", student).await["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = app
        .authed(
            Method::GET,
            &format!("/api/v1/me/enrollments/{e}/photo"),
            student,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    res.headers()["etag"].to_str().unwrap().to_owned()
}

api_test!(with DEMO,
    async fn a_fix_cannot_move_a_photo_onto_another_schools_record(app) {
        let op = operator(&app).await;
        let pku = school(&app).await;
        let li = app.student("lh@example.cn", "李华", LI).await;
        let li_photo = photo_etag(&app, &li).await;
        uploaded(&app, &op, batch(&["a.jpg,北京大学,王小明,11019920050314011X,2026-06-01"], &[("a.jpg", &jpeg(50))])).await;
        let image = only_record(&app, &pku, WANG).await;
        assert_eq!(image["editable"], true);
        let path = format!("/api/v1/image-records/{}", image["id"].as_str().unwrap());

        // The relabelling of the report: 清华大学 / 李华 / her ID number. Refused, naming both fields.
        let res = app.send(Method::PATCH, &path, &pku, json!({"school_name": "清华大学", "name": "李华", "id_number": LI})).await;
        let p = problem(res, 422).await;
        assert_eq!(field_errors(&p), [pair("school_name", "school_name_not_yours"), pair("id_number", "id_number_not_your_student")]);
        // Each half alone is refused as well.
        let res = app.send(Method::PATCH, &path, &pku, json!({"school_name": "清华大学"})).await;
        assert_eq!(field_errors(&problem(res, 422).await), [pair("school_name", "school_name_not_yours")]);
        let res = app.send(Method::PATCH, &path, &pku, json!({"id_number": LI})).await;
        assert_eq!(field_errors(&problem(res, 422).await), [pair("id_number", "id_number_not_your_student")]);

        // Nothing moved: 李华 keeps her photo, the school still sees its own, nothing was audited.
        assert_eq!(photo_etag(&app, &li).await, li_photo);
        let still = only_record(&app, &pku, WANG).await;
        assert_eq!((still["school_name"].as_str(), still["linked"].as_bool()), (Some("北京大学"), Some(true)));
        assert!(app.audit_actions(image["id"].as_str().unwrap()).await.is_empty());
    }
);

api_test!(with DEMO,
    async fn another_schools_photo_is_read_only_until_the_student_claims_it(app) {
        let op = operator(&app).await;
        let pku = school(&app).await;
        // Captured for 清华大学 with the ID number of a 北京大学 student: 清华 has no such record.
        uploaded(&app, &op, batch(&["q.jpg,清华大学,王小明,11019920050314011X,2026-06-01"], &[("q.jpg", &jpeg(51))])).await;
        let image = only_record(&app, &pku, WANG).await;
        let (id, path) = (image["id"].as_str().unwrap().to_owned(), format!("/api/v1/image-records/{}", image["id"].as_str().unwrap()));
        assert_eq!((image["editable"].as_bool(), image["linked"].as_bool()), (Some(false), Some(false)));
        assert_eq!(app.get_ok(&path, &pku).await["editable"], false);
        // Seen, photo included, but neither fixed nor deleted.
        let res = app.authed(Method::GET, &format!("{path}/photo"), &pku).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let res = app.send(Method::PATCH, &path, &pku, json!({"school_name": "北京大学"})).await;
        assert_eq!(problem(res, 403).await["code"], "image_record_read_only");
        let res = app.send(Method::DELETE, &path, &pku, json!({"reason": "不是本校的照片"})).await;
        assert_eq!(problem(res, 403).await["code"], "image_record_read_only");
        assert_eq!(app.get_ok(&path, &pku).await["school_name"], "清华大学");
        assert!(app.audit_actions(&id).await.is_empty());

        // The student says it is theirs: while the report is open, the school may fix it.
        let wang = app.student("wxm@example.cn", "王小明", WANG).await;
        let res = app.send(Method::POST, "/api/v1/me/collation-requests", &wang, json!({"kind": "this_is_me", "image_record_id": id})).await;
        assert_eq!(res.status().as_u16(), 201);
        assert_eq!(app.get_ok(&path, &pku).await["editable"], true);
        let fixed: Value = app.send(Method::PATCH, &path, &pku, json!({"school_name": "北京大学"})).await.json().await.unwrap();
        assert_eq!((fixed["linked"].as_bool(), fixed["editable"].as_bool()), (Some(true), Some(true)));
        assert_eq!(app.audit_actions(&id).await, ["image_record.corrected"]);
    }
);

api_test!(with DEMO,
    async fn a_mistyped_school_name_is_fixable_but_a_real_one_is_not(app) {
        let op = operator(&app).await;
        let pku = school(&app).await;
        // "北大" names no school: the photo is the school's to fix. "复旦大学" does: it is not.
        uploaded(&app, &op, batch(&["t.jpg,北大,王小明,11019920050314011X,2026-06-01", "f.jpg,复旦大学,王小明,11019920050314011X,2026-06-02"], &[("t.jpg", &jpeg(52)), ("f.jpg", &jpeg(53))])).await;
        let page = app.get_ok(&format!("/api/v1/image-records?id_number={WANG}"), &pku).await;
        let mut editable: Vec<(&str, bool)> = page["items"].as_array().unwrap().iter().map(|i| (i["school_name"].as_str().unwrap(), i["editable"].as_bool().unwrap())).collect();
        editable.sort();
        assert_eq!(editable, [("北大", true), ("复旦大学", false)]);
        // 复旦大学 sees only the one captured with its name, and may fix or delete it.
        let fudan = app.staff_token(Role::SchoolAdmin, "fudan@example.cn", Some("10246"), None).await;
        let theirs = only_record(&app, &fudan, WANG).await;
        assert_eq!((theirs["school_name"].as_str(), theirs["editable"].as_bool()), (Some("复旦大学"), Some(true)));
    }
);

api_test!(with DEMO,
    async fn a_revoked_record_does_not_widen_the_view(app) {
        let op = operator(&app).await;
        let pku = school(&app).await;
        uploaded(&app, &op, batch(&["f.jpg,复旦大学,王小明,11019920050314011X,2026-06-01"], &[("f.jpg", &jpeg(54))])).await;
        let image = only_record(&app, &pku, WANG).await;
        let path = format!("/api/v1/image-records/{}", image["id"].as_str().unwrap());
        let e = app.find_enrollment(&pku, "10001", WANG).await["id"].as_str().unwrap().to_owned();
        let res = app.send(Method::POST, &format!("/api/v1/enrollments/{e}/revocation"), &pku, json!({"reason": "重复学籍"})).await;
        assert_eq!(res.status().as_u16(), 200);
        // The school's only record with this ID number is revoked: the other school's photo is gone from its view.
        assert_eq!(app.get_ok(&format!("/api/v1/image-records?id_number={WANG}"), &pku).await["total"], 0);
        assert_eq!(problem(app.authed(Method::GET, &path, &pku).send().await.unwrap(), 404).await["code"], "image_record_not_found");
        let res = app.send(Method::DELETE, &path, &pku, json!({"reason": "重复照片"})).await;
        assert_eq!(problem(res, 404).await["code"], "image_record_not_found");
    }
);

api_test!(with DEMO,
    async fn a_fix_must_name_one_of_the_schools_standing_students(app) {
        let op = operator(&app).await;
        let pku = school(&app).await;
        uploaded(&app, &op, batch(&["a.jpg,北京大学,王晓明,11019920050314011X,2026-06-01"], &[("a.jpg", &jpeg(55))])).await;
        let image = only_record(&app, &pku, WANG).await;
        let path = format!("/api/v1/image-records/{}", image["id"].as_str().unwrap());
        let e = app.find_enrollment(&pku, "10001", WANG).await["id"].as_str().unwrap().to_owned();
        let res = app.send(Method::POST, &format!("/api/v1/enrollments/{e}/revocation"), &pku, json!({"reason": "重复学籍"})).await;
        assert_eq!(res.status().as_u16(), 200);
        // Captured with the school's name, so still the school's to fix or delete; but a fix may
        // not leave it carrying the ID number of a revoked record.
        let res = app.send(Method::PATCH, &path, &pku, json!({"name": "王小明"})).await;
        assert_eq!(field_errors(&problem(res, 422).await), [pair("id_number", "id_number_not_your_student")]);
        let res = app.send(Method::DELETE, &path, &pku, json!({"reason": "学籍已注销"})).await;
        assert_eq!(res.status().as_u16(), 200);
    }
);

api_test!(with DEMO,
    async fn a_staff_update_cannot_widen_a_role_or_scope(app) {
        let admin = app.staff_token(Role::PlatformAdmin, "admin@example.cn", None, None).await;
        let pku = school(&app).await;
        let admins = app.get_ok("/api/v1/staff/accounts?role=school_admin&per_page=100", &admin).await;
        let me = admins["items"].as_array().unwrap().iter().find(|s| s["email"] == "pku@example.cn").unwrap().clone();
        let path = format!("/api/v1/staff/accounts/{}", me["id"].as_str().unwrap());
        // Only `disabled` is read: a role or a school slipped into the body changes nothing.
        let res = app.send(Method::PATCH, &path, &admin, json!({"disabled": false, "role": "platform_admin", "school_code": "10003", "province_code": "11"})).await;
        let after: Value = res.json().await.unwrap();
        assert_eq!((after["role"].as_str(), after["school_code"].as_str(), after["province_code"].as_str()), (Some("school_admin"), Some("10001"), None));
        assert_eq!(app.authed(Method::GET, "/api/v1/staff/accounts", &pku).send().await.unwrap().status().as_u16(), 403);
    }
);
