//! The database side of photos: collection records, batches, students' reports about photos,
//! and the link between a photo and an enrollment — school name, name and ID number all equal —
//! worked out by query, so it is current the moment a record or a photo changes.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::exists;
use diesel::prelude::*;

use crate::db::schema::{
    accounts, collation_requests, enrollments, image_batches, image_records, schools,
};
use crate::db::DbConnection;
use crate::http::pagination::Window;
use crate::records::store::REVOKED;

/// A stored report.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = collation_requests)]
pub struct CollationRequest {
    pub id: String,
    pub account_id: String,
    pub enrollment_id: String,
    pub school_code: String,
    pub image_record_id: Option<String>,
    pub kind: String,
    pub message: Option<String>,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub decided_at: Option<NaiveDateTime>,
    pub decided_by: Option<String>,
    pub decision_note: Option<String>,
}

/// A stored collection record.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = image_records)]
pub struct ImageRecord {
    pub id: String,
    pub batch_id: String,
    pub manifest_line: i32,
    pub file_name: String,
    pub school_name: String,
    pub name: String,
    pub id_number: String,
    pub captured_on: NaiveDate,
    pub sha256: String,
    pub object_key: String,
    pub content_type: String,
    pub width: i32,
    pub height: i32,
    pub size_bytes: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub deleted_reason: Option<String>,
    pub bytes_removed_at: Option<NaiveDateTime>,
}

/// Stores a batch's row.
pub fn insert_batch(
    conn: &mut DbConnection,
    id: &str,
    uploaded_by: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(image_batches::table)
        .values((
            image_batches::id.eq(id),
            image_batches::uploaded_by.eq(uploaded_by),
            image_batches::created_at.eq(now),
            image_batches::accepted.eq(0),
            image_batches::rejected.eq(0),
            image_batches::report.eq("{}"),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Records a batch's outcome.
pub fn finish_batch(
    conn: &mut DbConnection,
    id: &str,
    accepted: i32,
    rejected: i32,
    report: &str,
) -> QueryResult<()> {
    diesel::update(image_batches::table.find(id))
        .set((
            image_batches::accepted.eq(accepted),
            image_batches::rejected.eq(rejected),
            image_batches::report.eq(report),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A batch: id, uploader, time, counts, report (JSON).
pub type BatchRow = (String, String, NaiveDateTime, i32, i32, String);

/// The batches an operator uploaded, newest first.
pub fn batches_of(
    conn: &mut DbConnection,
    uploaded_by: &str,
    window: Window,
) -> QueryResult<(Vec<BatchRow>, i64)> {
    let q = || image_batches::table.filter(image_batches::uploaded_by.eq(uploaded_by));
    let total = q().count().get_result(conn)?;
    let rows = q()
        // The id breaks ties: batches uploaded within one clock tick would otherwise come in any
        // order, and a page could repeat or skip one.
        .order((image_batches::created_at.desc(), image_batches::id.desc()))
        .offset(window.offset())
        .limit(window.limit())
        .load(conn)?;
    Ok((rows, total))
}

/// One batch.
pub fn batch(conn: &mut DbConnection, id: &str) -> QueryResult<Option<BatchRow>> {
    image_batches::table.find(id).first(conn).optional()
}

/// Stores a record unless a live record has the same bytes; false when it had (a duplicate).
pub fn insert_unless_duplicate(conn: &mut DbConnection, r: &ImageRecord) -> QueryResult<bool> {
    // In its own savepoint: on PostgreSQL a failed statement would spoil an outer transaction.
    let inserted = crate::db::write_transaction(conn, |conn| {
        diesel::insert_into(image_records::table)
            .values(r)
            .execute(conn)
    });
    match inserted {
        Ok(_) => Ok(true),
        Err(e) if crate::error::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Which of these SHA-256 sums a live photo has (one query for a whole chunk of a batch).
pub fn live_shas_among(
    conn: &mut DbConnection,
    sha256s: &[String],
) -> QueryResult<HashSet<String>> {
    let found: Vec<String> = image_records::table
        .filter(image_records::sha256.eq_any(sha256s))
        .filter(image_records::deleted_at.is_null())
        .select(image_records::sha256)
        .load(conn)?;
    Ok(found.into_iter().collect())
}

/// One record (deleted ones too).
pub fn get(conn: &mut DbConnection, id: &str) -> QueryResult<Option<ImageRecord>> {
    image_records::table
        .find(id)
        .select(ImageRecord::as_select())
        .first(conn)
        .optional()
}

/// The newest live photo linked to an enrollment: same school name, name and ID number.
pub fn photo_of(
    conn: &mut DbConnection,
    school_name: &str,
    name: &str,
    id_number: &str,
) -> QueryResult<Option<ImageRecord>> {
    image_records::table
        .filter(image_records::deleted_at.is_null())
        .filter(image_records::id_number.eq(id_number))
        .filter(image_records::name.eq(name))
        .filter(image_records::school_name.eq(school_name))
        .order((
            image_records::captured_on.desc(),
            image_records::created_at.desc(),
            image_records::id.asc(),
        ))
        .select(ImageRecord::as_select())
        .first(conn)
        .optional()
}

/// The enrollment ids each record links to (usually none or one), by record id: one query for
/// all of them.
pub fn links_of(
    conn: &mut DbConnection,
    records: &[ImageRecord],
) -> QueryResult<HashMap<String, Vec<String>>> {
    let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
    let found: Vec<(String, String)> = enrollments::table
        .inner_join(schools::table)
        .inner_join(image_records::table.on(photo_links_to_enrollment()))
        .filter(image_records::id.eq_any(ids))
        .select((image_records::id, enrollments::id))
        .order(enrollments::id.asc())
        .load(conn)?;
    let mut links: HashMap<String, Vec<String>> =
        records.iter().map(|r| (r.id.clone(), Vec::new())).collect();
    for (record, enrollment) in found {
        links.entry(record).or_default().push(enrollment);
    }
    Ok(links)
}

/// Live records that link to no enrollment and carry this ID number, or this name with one of
/// these school names: the photos that are probably a student's.
pub fn unlinked_candidates(
    conn: &mut DbConnection,
    id_number: &str,
    name: &str,
    school_names: &[String],
) -> QueryResult<Vec<ImageRecord>> {
    let found: Vec<ImageRecord> = image_records::table
        .filter(image_records::deleted_at.is_null())
        .filter(
            image_records::id_number
                .eq(id_number)
                .or(image_records::name
                    .eq(name)
                    .and(image_records::school_name.eq_any(school_names))),
        )
        .order((image_records::captured_on.desc(), image_records::id.asc()))
        .limit(50)
        .select(ImageRecord::as_select())
        .load(conn)?;
    let links = links_of(conn, &found)?;
    Ok(found
        .into_iter()
        .filter(|r| links.get(&r.id).is_none_or(Vec::is_empty))
        .collect())
}

/// What a school's 图像校对 search looks for.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub name: Option<String>,
    pub id_number: Option<String>,
    /// Only linked (true) or only unlinked (false) records.
    pub linked: Option<bool>,
    pub include_deleted: bool,
}

/// The records a school may see: captured with its name, or carrying the ID number of one of
/// its standing students (a mistyped school name must not hide a photo from the school that
/// can fix it), or named in one of its students' reports. Seeing is not changing: see
/// [`reach_of_school`].
fn of_school<'a>(
    school_code: &'a str,
    school_name: &'a str,
) -> image_records::BoxedQuery<'a, crate::db::Backend> {
    // Revoked records (注销) do not count: a revoked duplicate must not widen the view.
    let students = enrollments::table
        .filter(enrollments::school_code.eq(school_code))
        .filter(enrollments::status.ne(REVOKED))
        .select(enrollments::id_number);
    let reported = collation_requests::table
        .filter(collation_requests::school_code.eq(school_code))
        .filter(collation_requests::image_record_id.is_not_null())
        .select(collation_requests::image_record_id.assume_not_null());
    image_records::table
        .filter(
            image_records::school_name
                .eq(school_name)
                .or(image_records::id_number.eq_any(students))
                .or(image_records::id.eq_any(reported)),
        )
        .into_boxed()
}

/// How far a school reaches a photo it sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The school may see the photo only.
    ReadOnly,
    /// The school may fix and delete it.
    Editable,
}

/// What decides how far a school reaches a photo.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReachFacts {
    /// Captured with the school's own name.
    pub own_name: bool,
    /// Links to an enrollment record (of whichever school its name names).
    pub linked: bool,
    /// Named in an open report of one of the school's students.
    pub claimed: bool,
    /// Its school name names no school at all (a typo).
    pub unknown_school: bool,
    /// Its ID number is one of the school's standing (not revoked) students'.
    pub own_student: bool,
}

/// What a school may do with a photo it sees: change and delete those captured with its own
/// name; of the others, only an unlinked one that a student of the school claimed in an open
/// report, or whose school name names no school (a typo) while its ID number is one of the
/// school's standing students. A photo captured with another school's name stays that school's,
/// and a linked one is that record's photo: the school sees them read-only.
pub fn reach(f: ReachFacts) -> Reach {
    let unclaimed_typo = f.unknown_school && f.own_student;
    if f.own_name || (!f.linked && (f.claimed || unclaimed_typo)) {
        Reach::Editable
    } else {
        Reach::ReadOnly
    }
}

/// How far the school reaches each of `records` (see [`reach`]), given the enrollments each
/// links to (from [`links_of`]); a few queries for all of them, whatever their number.
pub fn reach_of_school(
    conn: &mut DbConnection,
    school_code: &str,
    school_name: &str,
    records: &[ImageRecord],
    links: &HashMap<String, Vec<String>>,
) -> QueryResult<Vec<Reach>> {
    let others: Vec<&ImageRecord> = records
        .iter()
        .filter(|r| r.school_name != school_name)
        .collect();
    let (claimed, known_schools, own_students) = if others.is_empty() {
        Default::default()
    } else {
        let ids = others.iter().map(|r| r.id.as_str());
        let claimed: HashSet<String> = collation_requests::table
            .filter(collation_requests::school_code.eq(school_code))
            .filter(collation_requests::status.eq("open"))
            .filter(collation_requests::image_record_id.eq_any(ids))
            .select(collation_requests::image_record_id.assume_not_null())
            .load::<String>(conn)?
            .into_iter()
            .collect();
        let names = others.iter().map(|r| r.school_name.as_str());
        let known_schools: HashSet<String> = schools::table
            .filter(schools::name.eq_any(names))
            .select(schools::name)
            .load::<String>(conn)?
            .into_iter()
            .collect();
        let id_numbers = others.iter().map(|r| r.id_number.as_str());
        let own_students: HashSet<String> = standing_students(school_code)
            .filter(enrollments::id_number.eq_any(id_numbers))
            .select(enrollments::id_number)
            .load::<String>(conn)?
            .into_iter()
            .collect();
        (claimed, known_schools, own_students)
    };
    Ok(records
        .iter()
        .map(|r| {
            reach(ReachFacts {
                own_name: r.school_name == school_name,
                linked: links.get(&r.id).is_some_and(|l| !l.is_empty()),
                claimed: claimed.contains(&r.id),
                unknown_school: !known_schools.contains(&r.school_name),
                own_student: own_students.contains(&r.id_number),
            })
        })
        .collect())
}

/// The school's standing (not revoked) enrollment records.
fn standing_students(school_code: &str) -> enrollments::BoxedQuery<'_, crate::db::Backend> {
    enrollments::table
        .filter(enrollments::school_code.eq(school_code))
        .filter(enrollments::status.ne(REVOKED))
        .into_boxed()
}

/// Whether a standing (not revoked) record of the school carries this ID number.
pub fn is_standing_student(
    conn: &mut DbConnection,
    school_code: &str,
    id_number: &str,
) -> QueryResult<bool> {
    diesel::select(exists(
        enrollments::table
            .filter(enrollments::school_code.eq(school_code))
            .filter(enrollments::status.ne(REVOKED))
            .filter(enrollments::id_number.eq(id_number)),
    ))
    .get_result(conn)
}

/// Whether the record lies within the school's view.
pub fn visible_to_school(
    conn: &mut DbConnection,
    school_code: &str,
    school_name: &str,
    id: &str,
) -> QueryResult<bool> {
    let n: i64 = of_school(school_code, school_name)
        .filter(image_records::id.eq(id.to_owned()))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// One page of the records a school sees, newest first, and how many match.
pub fn search(
    conn: &mut DbConnection,
    school_code: &str,
    school_name: &str,
    f: &Filter,
    window: Window,
) -> QueryResult<(Vec<ImageRecord>, i64)> {
    let linked_sql = || {
        exists(
            enrollments::table
                .inner_join(schools::table)
                .filter(photo_links_to_enrollment()),
        )
    };
    let filtered = || {
        let mut q = of_school(school_code, school_name);
        if !f.include_deleted {
            q = q.filter(image_records::deleted_at.is_null());
        }
        if let Some(v) = &f.name {
            q = q.filter(image_records::name.eq(v.clone()));
        }
        if let Some(v) = &f.id_number {
            q = q.filter(image_records::id_number.eq(v.to_ascii_uppercase()));
        }
        match f.linked {
            Some(true) => q = q.filter(linked_sql()),
            Some(false) => q = q.filter(diesel::dsl::not(linked_sql())),
            None => {}
        }
        q
    };
    let total = filtered().count().get_result(conn)?;
    let items = filtered()
        .order((image_records::created_at.desc(), image_records::id.asc()))
        .offset(window.offset())
        .limit(window.limit())
        .select(ImageRecord::as_select())
        .load(conn)?;
    Ok((items, total))
}

/// Replaces the captured details of a record.
pub fn set_details(
    conn: &mut DbConnection,
    id: &str,
    school_name: &str,
    name: &str,
    id_number: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(image_records::table.find(id))
        .set((
            image_records::school_name.eq(school_name),
            image_records::name.eq(name),
            image_records::id_number.eq(id_number),
            image_records::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Marks a record deleted; its bytes go at the next sweep.
pub fn soft_delete(
    conn: &mut DbConnection,
    id: &str,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(image_records::table.find(id))
        .set((
            image_records::deleted_at.eq(now),
            image_records::deleted_reason.eq(reason),
            image_records::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Deleted records whose bytes are still in the store: (id, object key).
pub fn awaiting_sweep(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<(String, String)>> {
    image_records::table
        .filter(image_records::deleted_at.is_not_null())
        .filter(image_records::bytes_removed_at.is_null())
        .select((image_records::id, image_records::object_key))
        .limit(limit)
        .load(conn)
}

/// Notes that a deleted record's bytes are gone.
pub fn mark_swept(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(image_records::table.find(id))
        .set(image_records::bytes_removed_at.eq(now))
        .execute(conn)
        .map(|_| ())
}

/// Stores a student's report (a unique index allows one open report per record).
pub fn insert_request(conn: &mut DbConnection, request: &CollationRequest) -> QueryResult<()> {
    diesel::insert_into(collation_requests::table)
        .values(request)
        .execute(conn)
        .map(|_| ())
}

/// The reports of a student's account, newest first.
pub fn requests_of(
    conn: &mut DbConnection,
    account_id: &str,
) -> QueryResult<Vec<CollationRequest>> {
    collation_requests::table
        .filter(collation_requests::account_id.eq(account_id))
        .order((
            collation_requests::created_at.desc(),
            collation_requests::id.desc(),
        ))
        .select(CollationRequest::as_select())
        .load(conn)
}

/// One page of a school's reports (in `status`, if given) with each student's email, oldest
/// first, and how many there are.
pub fn queue_of(
    conn: &mut DbConnection,
    school_code: &str,
    status: Option<&str>,
    window: Window,
) -> QueryResult<(Vec<(CollationRequest, String)>, i64)> {
    let filtered = || {
        let mut q = collation_requests::table
            .filter(collation_requests::school_code.eq(school_code.to_owned()))
            .into_boxed::<crate::db::Backend>();
        if let Some(s) = status {
            q = q.filter(collation_requests::status.eq(s.to_owned()));
        }
        q
    };
    let total = filtered().count().get_result(conn)?;
    let rows = filtered()
        .inner_join(accounts::table)
        .order((
            collation_requests::created_at.asc(),
            collation_requests::id.asc(),
        ))
        .offset(window.offset())
        .limit(window.limit())
        .select((CollationRequest::as_select(), accounts::email))
        .load(conn)?;
    Ok((rows, total))
}

/// Closes every open report of the account as `rejected` by nobody, with `note`; returns how many.
pub fn withdraw_open_of(
    conn: &mut DbConnection,
    account_id: &str,
    now: NaiveDateTime,
    note: &str,
) -> QueryResult<usize> {
    diesel::update(
        collation_requests::table
            .filter(collation_requests::account_id.eq(account_id))
            .filter(collation_requests::status.eq("open")),
    )
    .set((
        collation_requests::status.eq("rejected"),
        collation_requests::decided_at.eq(now),
        collation_requests::decided_by.eq(None::<String>),
        collation_requests::decision_note.eq(note),
    ))
    .execute(conn)
}

/// One report of the school's queue.
pub fn request_of_school(
    conn: &mut DbConnection,
    school_code: &str,
    id: &str,
) -> QueryResult<Option<CollationRequest>> {
    collation_requests::table
        .find(id)
        .filter(collation_requests::school_code.eq(school_code))
        .select(CollationRequest::as_select())
        .first(conn)
        .optional()
}

/// Records the school's decision on a report.
pub fn decide_request(
    conn: &mut DbConnection,
    id: &str,
    status: &str,
    decided_by: &str,
    note: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(collation_requests::table.find(id))
        .set((
            collation_requests::status.eq(status),
            collation_requests::decided_at.eq(now),
            collation_requests::decided_by.eq(decided_by),
            collation_requests::decision_note.eq(note),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The link between a photo and an enrollment (joined with its school): school name, name and
/// ID number all equal. [`photo_of`] applies the same rule to an enrollment's values.
#[diesel::dsl::auto_type]
fn photo_links_to_enrollment() -> _ {
    image_records::id_number
        .eq(enrollments::id_number)
        .and(image_records::name.eq(enrollments::name))
        .and(image_records::school_name.eq(schools::name))
}

/// Whether a live photo links to the enrollment of the query it is part of (which joins
/// `enrollments` with `schools`).
#[diesel::dsl::auto_type]
pub fn has_linked_photo() -> _ {
    exists(
        image_records::table
            .filter(image_records::deleted_at.is_null())
            .filter(photo_links_to_enrollment()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: ReachFacts = ReachFacts {
        own_name: false,
        linked: false,
        claimed: false,
        unknown_school: false,
        own_student: false,
    };

    #[test]
    fn a_school_changes_its_own_photos_and_only_sees_other_schools() {
        let own = ReachFacts {
            own_name: true,
            linked: true,
            ..NONE
        };
        assert_eq!(reach(own), Reach::Editable);
        let elsewhere = ReachFacts {
            own_student: true,
            ..NONE
        };
        assert_eq!(reach(elsewhere), Reach::ReadOnly, "another school's name");
    }

    #[test]
    fn a_claimed_or_mistyped_photo_is_editable_unless_it_links_elsewhere() {
        let claimed = ReachFacts {
            claimed: true,
            ..NONE
        };
        assert_eq!(reach(claimed), Reach::Editable);
        let typo = ReachFacts {
            unknown_school: true,
            own_student: true,
            ..NONE
        };
        assert_eq!(reach(typo), Reach::Editable);
        let strangers_typo = ReachFacts {
            unknown_school: true,
            ..NONE
        };
        assert_eq!(reach(strangers_typo), Reach::ReadOnly);
        for facts in [claimed, typo] {
            let linked = ReachFacts {
                linked: true,
                ..facts
            };
            assert_eq!(reach(linked), Reach::ReadOnly);
        }
    }
}
