//! Gathers a student's copy of their data (我的数据) from every capability that holds some.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::store::{self, Subject};
use super::views::*;
use crate::accounts::store as accounts;
use crate::db::{utc, DbConnection};
use crate::error::AppError;
use crate::images::views::CollationRequestView;
use crate::records::store as records;

/// The student's account and the ids of their records (every enrollment with their name and ID
/// number, revoked ones too, and every degree).
pub fn subject_of(
    conn: &mut DbConnection,
    account: &accounts::Account,
) -> Result<(Subject, Vec<records::Enrollment>, Vec<records::Degree>), AppError> {
    let (enrollments, degrees) = match (&account.name, &account.id_number) {
        (Some(name), Some(id)) => (
            records::all_enrollments_of(conn, name, id)?,
            records::degrees_of(conn, name, id)?,
        ),
        _ => (Vec::new(), Vec::new()),
    };
    let subject = Subject {
        account_id: account.id.clone(),
        enrollment_ids: enrollments.iter().map(|e| e.id.clone()).collect(),
        degree_ids: degrees.iter().map(|d| d.id.clone()).collect(),
    };
    Ok((subject, enrollments, degrees))
}

/// Leaves out what in an event is about someone else: the IP address a login attempt came from
/// (it may be anyone's).
fn scrub(value: Option<String>) -> Option<Value> {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.remove("ip");
                map.values_mut().for_each(walk);
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    value.map(|s| {
        let mut v = serde_json::from_str(&s).unwrap_or(Value::String(s));
        walk(&mut v);
        v
    })
}

/// Gathers everything the portal holds about the account's owner.
pub fn build(
    conn: &mut DbConnection,
    account_id: &str,
    now: DateTime<Utc>,
) -> Result<DataExport, AppError> {
    let account = accounts::get(conn, account_id)?;
    let (subject, enrollments, degrees) = subject_of(conn, &account)?;
    let consents = store::consent_history(conn, account_id)?;
    let reports = records::reports_of(conn, account_id)?;
    let codes: Vec<String> = reports.iter().map(|r| r.code.clone()).collect();
    let mut lookups = store::lookups_of(conn, &codes)?;
    let requests = crate::images::collation::mine(conn, account_id)?;
    let events = store::events_about(conn, &subject)?;
    let (reads, _) = store::reads_about(conn, &subject, None)?;

    let staff_ids: Vec<String> = events
        .iter()
        .chain(reads.iter())
        .filter_map(|e| e.content.actor_id.clone())
        .chain(requests.iter().filter_map(|r| r.decided_by.clone()))
        .collect();
    let places = store::staff_places(conn, &staff_ids)?;
    let mut school_names: HashMap<String, String> = enrollments
        .iter()
        .map(|e| (e.school_code.clone(), e.school_name.clone()))
        .collect();
    for r in &requests {
        if !school_names.contains_key(&r.school_code) {
            if let Some(name) = store::school_name(conn, &r.school_code)? {
                school_names.insert(r.school_code.clone(), name);
            }
        }
    }

    let today = now.date_naive();
    let real_name = match (&account.name, &account.id_number) {
        (Some(name), Some(id)) => {
            let parsed = crate::rules::id_number::IdNumber::parse(id, today, "id_number").ok();
            Some(RealNameView {
                name: name.clone(),
                id_number: id.clone(),
                birth_date: parsed.as_ref().map(|p| p.birth_date()),
                sex: parsed.as_ref().map(|p| p.sex().as_chinese().to_owned()),
            })
        }
        _ => None,
    };
    Ok(DataExport {
        generated_at: now,
        notice_version: super::NOTICE_VERSION.to_owned(),
        account: ExportAccount {
            id: account.id.clone(),
            email: account.email.clone(),
            status: account.status.clone(),
            created_at: utc(account.created_at),
            activated_at: account.activated_at.map(utc),
            completed_at: account.completed_at.map(utc),
            consent_version: account.consent_version.clone(),
        },
        consent_history: consents
            .into_iter()
            .map(|c| ConsentView {
                kind: c.kind,
                version: c.version,
                occurred_at: utc(c.occurred_at),
            })
            .collect(),
        real_name,
        phone: account.phone.clone().map(|number| PhoneView {
            number,
            verified_at: account.phone_verified_at.map(utc),
        }),
        enrollments: enrollments
            .into_iter()
            .map(|e| ExportEnrollment {
                id: e.id,
                school_code: e.fields.school_code,
                school_name: e.school_name,
                province_name: e.province_name,
                student_no: e.fields.student_no,
                name: e.fields.name,
                id_number: e.fields.id_number,
                sex: e.fields.sex.as_str().to_owned(),
                birth_date: e.fields.birth_date,
                ethnicity: e.fields.ethnicity,
                major: e.fields.major,
                level: e.fields.level.as_str().to_owned(),
                study_form: e.fields.study_form.as_str().to_owned(),
                entry_date: e.fields.entry_date,
                expected_graduation: e.fields.expected_graduation,
                status: e.fields.status.as_str().to_owned(),
                qualification_pending: e.fields.qualification_pending,
                revocation_reason: e.revocation_reason,
                revoked_at: e.revoked_at.map(utc),
            })
            .collect(),
        degrees: degrees
            .into_iter()
            .map(|d| ExportDegree {
                id: d.id,
                certificate_no: d.fields.certificate_no,
                school_code: d.fields.school_code,
                school_name: d.school_name,
                name: d.fields.name,
                id_number: d.fields.id_number,
                major: d.fields.major,
                level: d.fields.level.as_str().to_owned(),
                study_form: d.fields.study_form.as_str().to_owned(),
                graduation_date: d.fields.graduation_date,
            })
            .collect(),
        verification_reports: reports
            .into_iter()
            .map(|r| ExportReport {
                looked_up_at: lookups
                    .remove(&r.code)
                    .unwrap_or_default()
                    .into_iter()
                    .map(utc)
                    .collect(),
                code: r.code,
                record_type: r.record_type,
                record_id: r.record_id,
                created_at: utc(r.created_at),
                expires_at: utc(r.expires_at),
                revoked_at: r.revoked_at.map(utc),
            })
            .collect(),
        photo_requests: requests
            .into_iter()
            .map(|r| {
                let school_name = school_names.get(&r.school_code).cloned();
                let decided_by = r.decided_by.as_deref();
                let decided_by = decided_by.map(|id| actor_view("school_admin", Some(id), &places));
                // The request reads as in the school's queue, with the school and decider named.
                let CollationRequestView {
                    id,
                    enrollment_id,
                    kind,
                    message,
                    status,
                    created_at,
                    decided_at,
                    decision_note,
                    ..
                } = CollationRequestView::of(r, None);
                ExportPhotoRequest {
                    id,
                    enrollment_id,
                    school_name,
                    kind,
                    message,
                    status,
                    created_at,
                    decided_by,
                    decided_at,
                    decision_note,
                }
            })
            .collect(),
        audit_events: events
            .into_iter()
            .map(|e| {
                let c = e.content;
                ExportEvent {
                    occurred_at: utc(c.occurred_at),
                    actor: actor_view(&c.actor_role, c.actor_id.as_deref(), &places),
                    action: c.action,
                    target_type: c.target_type,
                    target_id: c.target_id,
                    before: scrub(c.before_state),
                    after: scrub(c.after_state),
                    reason: c.reason,
                }
            })
            .collect(),
        access_history: reads.into_iter().map(|e| access_view(e, &places)).collect(),
    })
}
