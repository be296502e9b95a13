//! The rules of photos outside the upload: what a student sees of their own photos and of the
//! candidates that are probably theirs, and the school's 图像校对 module (find, fix, delete).

use serde_json::json;

use super::store::{self, Filter, ImageRecord, Reach};
use crate::audit::{self, Event};
use crate::auth::{Scope, StaffUser};
use crate::context::Ctx;
use crate::db::schema::schools;
use crate::db::{write_transaction, DbConnection};
use crate::error::{AppError, FieldError, Text};
use crate::http::pagination::{Page, Window};
use crate::records::service::{my_record, my_records};
use crate::records::store::Enrollment;
use crate::rules::id_number::upgrade_15;
use crate::rules::{reason, school_name, IdNumber, PersonName};
use diesel::prelude::*;

/// A record with the enrollments it links to, and whether the school may change it.
#[derive(Debug, Clone)]
pub struct Linked {
    pub record: ImageRecord,
    pub enrollment_ids: Vec<String>,
    pub editable: bool,
}

/// Each record with its links and the school's reach, in a few queries for all of them.
fn linked_all(
    conn: &mut DbConnection,
    (code, name): &(String, String),
    records: Vec<ImageRecord>,
) -> Result<Vec<Linked>, AppError> {
    let mut links = store::links_of(conn, &records)?;
    let reaches = store::reach_of_school(conn, code, name, &records, &links)?;
    Ok(records
        .into_iter()
        .zip(reaches)
        .map(|(record, reach)| Linked {
            enrollment_ids: links.remove(&record.id).unwrap_or_default(),
            editable: reach == Reach::Editable,
            record,
        })
        .collect())
}

fn linked(
    conn: &mut DbConnection,
    school: &(String, String),
    record: ImageRecord,
) -> Result<Linked, AppError> {
    let mut all = linked_all(conn, school, vec![record])?;
    Ok(all.pop().expect("one record in, one out"))
}

/// 404 for a photo that does not exist or is not the caller's to see.
pub fn image_not_found() -> AppError {
    AppError::not_found(
        "image_record_not_found",
        Text::new("没有找到这条图像采集记录。", "No such collection record."),
    )
}

/// 404 for an enrollment record with no photo.
pub fn photo_not_found() -> AppError {
    AppError::not_found(
        "photo_not_found",
        Text::new(
            "这条学籍还没有照片。可以点“没照片，找找看”查找采集到的照片，或联系学校。",
            "This record has no photo yet.",
        ),
    )
}

/// The newest live photo of an enrollment, if any.
pub fn photo_of(conn: &mut DbConnection, e: &Enrollment) -> Result<Option<ImageRecord>, AppError> {
    Ok(store::photo_of(
        conn,
        &e.school_name,
        &e.name,
        &e.id_number,
    )?)
}

/// The photo of one of the student's own records.
pub fn my_photo(
    conn: &mut DbConnection,
    account_id: &str,
    enrollment_id: &str,
) -> Result<ImageRecord, AppError> {
    let record = my_record(conn, account_id, enrollment_id)?;
    photo_of(conn, &record)?.ok_or_else(photo_not_found)
}

/// A collected photo that is probably the student's, with the fields in which it differs from
/// the record it best matches.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub record: ImageRecord,
    /// The student's record it is compared with.
    pub enrollment_id: String,
    /// `school_name`, `name`, `id_number`: where the photo's details differ from that record.
    pub differs: Vec<&'static str>,
}

fn differences(r: &ImageRecord, e: &Enrollment) -> Vec<&'static str> {
    let mut d = Vec::new();
    if r.school_name != e.school_name {
        d.push("school_name");
    }
    if r.name != e.name {
        d.push("name");
    }
    if r.id_number != e.id_number {
        d.push("id_number");
    }
    d
}

/// "没照片，找找看": unlinked photos with the student's ID number, or their name at one of their
/// schools, each compared with the student's record it matches best.
pub fn candidates(conn: &mut DbConnection, account_id: &str) -> Result<Vec<Candidate>, AppError> {
    let account = crate::accounts::store::get(conn, account_id)?;
    let (Some(name), Some(id_number)) = (account.name, account.id_number) else {
        return Ok(Vec::new());
    };
    let mine = my_records(conn, account_id)?;
    if mine.is_empty() {
        return Ok(Vec::new());
    }
    let schools: Vec<String> = mine.iter().map(|e| e.school_name.clone()).collect();
    let found = store::unlinked_candidates(conn, &id_number, &name, &schools)?;
    Ok(found
        .into_iter()
        .filter_map(|record| {
            let best = mine.iter().min_by_key(|e| differences(&record, e).len())?;
            Some(Candidate {
                differs: differences(&record, best),
                enrollment_id: best.id.clone(),
                record,
            })
        })
        .collect())
}

/// One of the student's current candidates.
pub fn my_candidate(
    conn: &mut DbConnection,
    account_id: &str,
    image_id: &str,
) -> Result<Candidate, AppError> {
    candidates(conn, account_id)?
        .into_iter()
        .find(|c| c.record.id == image_id)
        .ok_or_else(image_not_found)
}

/// The school of a school admin: code and name.
pub fn school_of(conn: &mut DbConnection, staff: &StaffUser) -> Result<(String, String), AppError> {
    let Scope::School(code) = staff.scope() else {
        return Err(crate::auth::authorize::wrong_role());
    };
    let name: String = schools::table
        .find(&code)
        .select(schools::name)
        .first(conn)
        .optional()?
        .ok_or_else(image_not_found)?;
    Ok((code, name))
}

/// One page of the collection records the school sees.
pub fn search(
    conn: &mut DbConnection,
    staff: &StaffUser,
    filter: &Filter,
    window: Window,
) -> Result<Page<Linked>, AppError> {
    let school = school_of(conn, staff)?;
    let (items, total) = store::search(conn, &school.0, &school.1, filter, window)?;
    Ok(window.page_of(linked_all(conn, &school, items)?, total))
}

/// One record the school sees.
pub fn get(conn: &mut DbConnection, staff: &StaffUser, id: &str) -> Result<Linked, AppError> {
    let school = school_of(conn, staff)?;
    let record = seen(conn, &school, id)?;
    linked(conn, &school, record)
}

/// The record, if the school sees it.
pub fn visible(
    conn: &mut DbConnection,
    staff: &StaffUser,
    id: &str,
) -> Result<ImageRecord, AppError> {
    let school = school_of(conn, staff)?;
    seen(conn, &school, id)
}

fn seen(
    conn: &mut DbConnection,
    (code, name): &(String, String),
    id: &str,
) -> Result<ImageRecord, AppError> {
    if !store::visible_to_school(conn, code, name, id)? {
        return Err(image_not_found());
    }
    store::get(conn, id)?.ok_or_else(image_not_found)
}

/// 403 for a photo the school sees but may not change.
pub fn read_only() -> AppError {
    AppError::forbidden(
        "image_record_read_only",
        Text::new(
            "这张照片采集时登记的是其他学校，本校只能查看，不能修改或删除。如确属本校学生，请让学生在“没照片，找找看”中提交“这是我”。",
            "This photo was captured for another school: your school may view it but not change or delete it. If it is your student's, have the student report it as theirs.",
        ),
    )
}

/// The record, if the school may change it: 404 when it does not see it, 403 when it sees it
/// read-only.
fn editable(
    conn: &mut DbConnection,
    school: &(String, String),
    id: &str,
) -> Result<ImageRecord, AppError> {
    let record = seen(conn, school, id)?;
    let linked = linked(conn, school, record)?;
    if linked.editable {
        Ok(linked.record)
    } else {
        Err(read_only())
    }
}

/// Where a fix may take a photo: to the school's own name and one of its standing students'
/// ID numbers, so that it can only ever link to the school's own records.
fn within_school(
    conn: &mut DbConnection,
    (code, name): &(String, String),
    school_name: &str,
    id_number: &str,
) -> Result<Vec<FieldError>, AppError> {
    let mut errors = Vec::new();
    if school_name != name {
        errors.push(FieldError::new(
            "school_name",
            "school_name_not_yours",
            Text::new(
                format!("学校名称只能改为本校名称“{name}”。"),
                format!("The school name may only be your school's own, “{name}”."),
            ),
        ));
    }
    if !store::is_standing_student(conn, code, id_number)? {
        errors.push(FieldError::new(
            "id_number",
            "id_number_not_your_student",
            Text::new(
                "身份证号必须是本校在册学生（未注销学籍）的身份证号。",
                "The ID number must be that of one of your school's students (a record not revoked).",
            ),
        ));
    }
    Ok(errors)
}

fn ensure_live(r: &ImageRecord) -> Result<(), AppError> {
    if r.deleted_at.is_some() {
        return Err(AppError::conflict(
            "image_record_deleted",
            Text::new("这张照片已删除。", "This photo is deleted."),
        ));
    }
    Ok(())
}

/// New captured details; absent fields stay as they are.
#[derive(Debug, Clone, Default)]
pub struct DetailsPatch {
    pub school_name: Option<String>,
    pub name: Option<String>,
    pub id_number: Option<String>,
}

/// Fixes what was typed at capture: effective at once, the photo links to whatever record it
/// now matches; audited.
pub fn fix(
    conn: &mut DbConnection,
    ctx: &Ctx,
    staff: &StaffUser,
    id: &str,
    patch: DetailsPatch,
) -> Result<Linked, AppError> {
    write_transaction(conn, |conn| {
        let school = school_of(conn, staff)?;
        let record = editable(conn, &school, id)?;
        ensure_live(&record)?;
        let mut errors = Vec::new();
        let school_name = match patch.school_name.as_deref() {
            None => record.school_name.clone(),
            Some(s) => school_name::parse(s, "school_name").unwrap_or_else(|e| {
                errors.push(e);
                record.school_name.clone()
            }),
        };
        let name = match patch.name.as_deref() {
            None => record.name.clone(),
            Some(n) => PersonName::parse(n, "name")
                .map(|n| n.as_str().to_owned())
                .unwrap_or_else(|e| {
                    errors.push(e);
                    record.name.clone()
                }),
        };
        let id_number = match patch.id_number.as_deref() {
            None => record.id_number.clone(),
            Some(raw) => {
                let raw = upgrade_15(raw).unwrap_or_else(|| raw.to_owned());
                IdNumber::parse(&raw, ctx.now.date_naive(), "id_number")
                    .map(|i| i.as_str().to_owned())
                    .unwrap_or_else(|e| {
                        errors.push(e);
                        record.id_number.clone()
                    })
            }
        };
        if !errors.is_empty() {
            return Err(AppError::validation(errors));
        }
        let errors = within_school(conn, &school, &school_name, &id_number)?;
        if !errors.is_empty() {
            return Err(AppError::validation(errors));
        }
        let before = json!({"school_name": record.school_name, "name": record.name, "id_number": record.id_number});
        let after = json!({"school_name": school_name, "name": name, "id_number": id_number});
        if before == after {
            return Err(super::unprocessable(
                "no_changes",
                Text::new(
                    "与采集记录现有的信息相同，无需修改。",
                    "Nothing changes: the values equal the record's.",
                ),
            ));
        }
        let now = ctx.ts();
        store::set_details(conn, &record.id, &school_name, &name, &id_number, now)?;
        audit::record(
            conn,
            &ctx.audit_key,
            now,
            Event {
                before: Some(before),
                after: Some(after),
                ..Event::by_staff(
                    staff,
                    ctx,
                    "image_record.corrected",
                    "image_record",
                    &record.id,
                )
            },
        )?;
        let fixed = store::get(conn, &record.id)?.ok_or_else(image_not_found)?;
        linked(conn, &school, fixed)
    })
}

/// Deletes a duplicate photo after the school confirmed it: the row stays (marked, with the
/// reason), the bytes go at the next sweep; audited.
pub fn delete(
    conn: &mut DbConnection,
    ctx: &Ctx,
    staff: &StaffUser,
    id: &str,
    raw_reason: Option<&str>,
) -> Result<Linked, AppError> {
    write_transaction(conn, |conn| {
        let school = school_of(conn, staff)?;
        let record = editable(conn, &school, id)?;
        ensure_live(&record)?;
        let why =
            reason::required(raw_reason, "reason").map_err(|e| AppError::validation(vec![e]))?;
        let now = ctx.ts();
        store::soft_delete(conn, &record.id, &why, now)?;
        let event = Event {
            before: Some(
                json!({"deleted": false, "file_name": record.file_name, "sha256": record.sha256}),
            ),
            after: Some(json!({"deleted": true})),
            reason: Some(&why),
            ..Event::by_staff(
                staff,
                ctx,
                "image_record.deleted",
                "image_record",
                &record.id,
            )
        };
        audit::record(conn, &ctx.audit_key, now, event)?;
        let deleted = store::get(conn, &record.id)?.ok_or_else(image_not_found)?;
        linked(conn, &school, deleted)
    })
}
