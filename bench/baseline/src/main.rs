//! The baseline server: the product's public and record-read queries on PostgreSQL through
//! actix-web, diesel and r2d2, with no authentication, validation, rate limits, audit or logging.
//! `DATABASE_URL` and `BASELINE_LISTEN` (default 127.0.0.1:8090) configure it.

use actix_web::{get, web, App, HttpResponse, HttpServer};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};
use serde::{Deserialize, Serialize};

mod schema {
    diesel::table! { provinces (code) { code -> Text, name -> Text, } }
    diesel::table! { schools (code) { code -> Text, name -> Text, province_code -> Text, } }
    diesel::table! {
        enrollments (id) {
            id -> Text, school_code -> Text, student_no -> Text, name -> Text, id_number -> Text,
            sex -> Text, birth_date -> Date, ethnicity -> Text, major -> Text, level -> Text,
            study_form -> Text, entry_date -> Date, expected_graduation -> Date, status -> Text,
            qualification_pending -> Bool, revocation_reason -> Nullable<Text>,
            duplicate_of -> Nullable<Text>, revoked_at -> Nullable<Timestamp>,
        }
    }
    diesel::table! {
        degrees (id) {
            id -> Text, certificate_no -> Text, school_code -> Text, name -> Text,
            id_number -> Text, major -> Text, level -> Text, study_form -> Text,
            graduation_date -> Date,
        }
    }
    diesel::table! {
        verification_reports (code) {
            code -> Text, account_id -> Text, record_type -> Text, record_id -> Text,
            created_at -> Timestamp, expires_at -> Timestamp, revoked_at -> Nullable<Timestamp>,
        }
    }
    diesel::joinable!(enrollments -> schools (school_code));
    diesel::joinable!(degrees -> schools (school_code));
    diesel::joinable!(schools -> provinces (province_code));
    diesel::allow_tables_to_appear_in_same_query!(
        provinces,
        schools,
        enrollments,
        degrees,
        verification_reports
    );
}
use schema::*;

type DbPool = Pool<ConnectionManager<PgConnection>>;

#[derive(Queryable, Serialize)]
struct Enrollment {
    id: String,
    school_code: String,
    student_no: String,
    name: String,
    id_number: String,
    sex: String,
    birth_date: NaiveDate,
    ethnicity: String,
    major: String,
    level: String,
    study_form: String,
    entry_date: NaiveDate,
    expected_graduation: NaiveDate,
    status: String,
    qualification_pending: bool,
    school_name: String,
    province_name: String,
    province_code: String,
    revocation_reason: Option<String>,
    duplicate_of: Option<String>,
    revoked_at: Option<NaiveDateTime>,
}

#[derive(Queryable, Serialize)]
struct Degree {
    id: String,
    certificate_no: String,
    school_code: String,
    name: String,
    id_number: String,
    major: String,
    level: String,
    study_form: String,
    graduation_date: NaiveDate,
    school_name: String,
}

macro_rules! enrollment_query {
    () => {
        enrollments::table
            .inner_join(schools::table.inner_join(provinces::table))
            .select((
                enrollments::id,
                enrollments::school_code,
                enrollments::student_no,
                enrollments::name,
                enrollments::id_number,
                enrollments::sex,
                enrollments::birth_date,
                enrollments::ethnicity,
                enrollments::major,
                enrollments::level,
                enrollments::study_form,
                enrollments::entry_date,
                enrollments::expected_graduation,
                enrollments::status,
                enrollments::qualification_pending,
                schools::name,
                provinces::name,
                provinces::code,
                enrollments::revocation_reason,
                enrollments::duplicate_of,
                enrollments::revoked_at,
            ))
    };
}

#[derive(Deserialize)]
struct Person {
    name: String,
    id_number: String,
}

/// A student's records by the real-name pair the product reads from the account.
#[get("/enrollments")]
async fn my_enrollments(pool: web::Data<DbPool>, q: web::Query<Person>) -> HttpResponse {
    let q = q.into_inner();
    let rows = web::block(move || {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        enrollment_query!()
            .filter(enrollments::id_number.eq(&q.id_number))
            .filter(enrollments::name.eq(&q.name))
            .filter(enrollments::status.ne("注销"))
            .order((enrollments::entry_date.desc(), enrollments::id.asc()))
            .load::<Enrollment>(&mut conn)
            .map_err(|e| e.to_string())
    })
    .await;
    match rows {
        Ok(Ok(items)) => {
            HttpResponse::Ok().json(serde_json::json!({"total": items.len(), "items": items}))
        }
        _ => HttpResponse::InternalServerError().finish(),
    }
}

#[derive(Deserialize)]
struct DegreeCheck {
    certificate_no: String,
    name: String,
}

/// The public degree check: the certificate by number, answered when the name matches.
#[get("/degree-checks")]
async fn degree_check(pool: web::Data<DbPool>, q: web::Query<DegreeCheck>) -> HttpResponse {
    let q = q.into_inner();
    let found = web::block(move || {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        degrees::table
            .inner_join(schools::table)
            .select((
                degrees::id,
                degrees::certificate_no,
                degrees::school_code,
                degrees::name,
                degrees::id_number,
                degrees::major,
                degrees::level,
                degrees::study_form,
                degrees::graduation_date,
                schools::name,
            ))
            .filter(degrees::certificate_no.eq(&q.certificate_no))
            .first::<Degree>(&mut conn)
            .optional()
            .map(|d| d.filter(|d| d.name == q.name))
            .map_err(|e| e.to_string())
    })
    .await;
    match found {
        Ok(Ok(d)) => {
            HttpResponse::Ok().json(serde_json::json!({"found": d.is_some(), "degree": d}))
        }
        _ => HttpResponse::InternalServerError().finish(),
    }
}

/// The public report lookup: the report by code, then the record it vouches for.
#[get("/verification-reports/{code}")]
async fn report(pool: web::Data<DbPool>, code: web::Path<String>) -> HttpResponse {
    let code = code.into_inner();
    let found = web::block(move || {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        let report = verification_reports::table
            .find(&code)
            .select((
                verification_reports::code,
                verification_reports::record_id,
                verification_reports::expires_at,
            ))
            .first::<(String, String, NaiveDateTime)>(&mut conn)
            .optional()
            .map_err(|e| e.to_string())?;
        let Some((code, record_id, expires_at)) = report else {
            return Ok(None);
        };
        let record = enrollment_query!()
            .filter(enrollments::id.eq(&record_id))
            .first::<Enrollment>(&mut conn)
            .optional()
            .map_err(|e| e.to_string())?;
        Ok::<_, String>(record.map(|r| (code, expires_at, r)))
    })
    .await;
    match found {
        Ok(Ok(Some((code, expires_at, record)))) => HttpResponse::Ok()
            .json(serde_json::json!({"code": code, "expires_at": expires_at, "record": record})),
        Ok(Ok(None)) => HttpResponse::NotFound().finish(),
        _ => HttpResponse::InternalServerError().finish(),
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let listen = std::env::var("BASELINE_LISTEN").unwrap_or_else(|_| "127.0.0.1:8090".into());
    let size = std::env::var("BASELINE_POOL_SIZE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let pool = Pool::builder()
        .max_size(size)
        .build(ConnectionManager::<PgConnection>::new(url))
        .expect("database pool");
    HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(pool.clone()))
            .service(my_enrollments)
            .service(degree_check)
            .service(report)
    })
    .bind(listen)?
    .run()
    .await
}
