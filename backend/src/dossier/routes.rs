//! HTTP handlers of the student's record cards.

use actix_web::{get, web, HttpResponse};
use utoipa_actix_web::service_config::ServiceConfig;

use super::service;
use super::views::EnrollmentView;
use crate::accounts::extract::StudentToken;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::records::service as records;
use crate::records::views::{DegreeView, Items};
use crate::state::AppState;

/// Mounts the record-card routes (under `/api/v1`).
pub fn register_routes(cfg: &mut ServiceConfig) {
    cfg.service(my_enrollments).service(my_degrees);
}

/// The student's enrollment records.
#[utoipa::path(
    tag = "records",
    operation_id = "list_my_enrollments",
    summary = "My enrollment records (学籍)",
    description = "Every enrollment record whose name and ID number equal the account's real-name details \
(nothing is linked by name alone), newest first, with its status (学籍状态) and whether a correction by the \
school awaits review (`correction_pending`, 更正申请中). Revoked records (注销) are not listed. Empty when none \
match: see the real-name step for what to do.",
    security(("bearer" = [])),
    responses((status = 200, description = "The records.", body = Items<EnrollmentView>,
        example = json!({"items": [{"id": "6c1d…", "school_code": "10001", "school_name": "北京大学", "province_name": "北京市", "student_no": "2301110001", "name": "王小明", "id_number": "11019920050314011X", "sex": "男", "birth_date": "2005-03-14", "ethnicity": "汉族", "major": "计算机科学与技术", "level": "本科", "study_form": "普通全日制", "entry_date": "2023-09-01", "expected_graduation": "2027-07-01", "status": "在籍", "qualification_pending": false, "correction_pending": false, "has_photo": true}], "total": 1})))
)]
#[get("/me/enrollments")]
pub async fn my_enrollments(
    state: web::Data<AppState>,
    student: StudentToken,
) -> Result<HttpResponse, AppError> {
    // The session is checked on the connection of the listing, reading the account's identity in
    // the same query: one checkout and two queries for the request.
    let rows = state
        .db
        .run(move |conn| {
            let (_, identity) = student.check_with_identity(conn)?;
            service::my_enrollments(conn, identity)
        })
        .await?;
    let items = rows
        .into_iter()
        .map(|d| {
            EnrollmentView::from_record(
                d.record,
                d.pending_change_request_id.is_some(),
                d.has_photo,
            )
        })
        .collect();
    Ok(HttpResponse::Ok().json(Items::of(items)))
}

/// The student's degree records.
#[utoipa::path(
    tag = "records",
    operation_id = "list_my_degrees",
    summary = "My degree records (学历)",
    description = "Every degree record whose name and ID number equal the account's real-name details, newest first.",
    security(("bearer" = [])),
    responses((status = 200, description = "The records.", body = Items<DegreeView>,
        example = json!({"items": [{"id": "8f2a…", "certificate_no": "100031202305000123", "school_code": "10003", "school_name": "清华大学", "name": "李华", "id_number": "31019920010802022X", "major": "电子信息工程", "level": "本科", "study_form": "普通全日制", "graduation_date": "2023-07-01"}], "total": 1})))
)]
#[get("/me/degrees")]
pub async fn my_degrees(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let rows = state
        .db
        .run(move |conn| records::my_degrees(conn, &user.account_id))
        .await?;
    let items = rows
        .into_iter()
        .map(|d| DegreeView::from_record(d, false))
        .collect();
    Ok(HttpResponse::Ok().json(Items::of(items)))
}
