//! What a student's copy of their data holds (我的数据), as plain data that both the JSON and the
//! HTML file are made from. Staff appear only by role and organisation.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::store::{self, StaffPlace, Subject};
use crate::accounts::store as accounts;
use crate::audit::store::StoredEvent;
use crate::db::{utc, DbConnection};
use crate::error::AppError;
use crate::records::store as records;

/// Who did something, as the student may see it: a role and an organisation, never a person.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
#[schema(example = json!({"role": "school_admin", "role_label": "院校管理员", "organisation": "北京大学"}))]
pub struct ActorView {
    /// `student` (the student themself), `anonymous`, `system`, or a staff role.
    pub role: String,
    /// The role in Chinese.
    pub role_label: String,
    /// The school (院校管理员), the province (省级审核员), or the portal's team.
    pub organisation: Option<String>,
}

/// The role of a staff member (or of the student, anonymous, the system) in Chinese.
pub fn role_label(role: &str) -> &'static str {
    match role {
        "student" => "本人",
        "anonymous" => "未登录的访问者",
        "system" => "系统",
        "school_admin" => "院校管理员",
        "provincial_reviewer" => "省级审核员",
        "support" => "客服",
        "platform_admin" => "平台管理员",
        "image_operator" => "图像采集人员",
        _ => "工作人员",
    }
}

/// Describes the actor of an event by role and organisation.
pub fn actor_view(
    role: &str,
    actor_id: Option<&str>,
    places: &HashMap<String, StaffPlace>,
) -> ActorView {
    let place = actor_id.and_then(|id| places.get(id));
    let role = place.map_or(role, |p| p.role.as_str());
    let organisation = match role {
        "school_admin" => place.and_then(|p| p.school_name.clone()),
        "provincial_reviewer" => place
            .and_then(|p| p.province_name.clone())
            .map(|p| format!("{p}省级审核部门")),
        "support" => Some("学信网客服".to_owned()),
        "platform_admin" => Some("学信网平台".to_owned()),
        "image_operator" => Some("图像采集部门".to_owned()),
        _ => None,
    };
    ActorView {
        role: role.to_owned(),
        role_label: role_label(role).to_owned(),
        organisation,
    }
}

/// A field of a student's details in Chinese.
pub fn field_label(field: &str) -> String {
    match field {
        "id_number" => "身份证号",
        "phone" => "手机号",
        "name" => "姓名",
        "email" => "邮箱",
        "birth_date" => "出生日期",
        "sex" => "性别",
        "photo" => "照片",
        "student_no" => "学号",
        "certificate_no" => "证书编号",
        "address" => "地址",
        other => other,
    }
    .to_owned()
}

/// Why staff looked, in words a student understands: one line for each purpose the staff
/// operations record (see `audit::reads`), so none shows as a bare code.
pub fn purpose_label(purpose: &str) -> String {
    let label = match purpose {
        "support_account_detail" => "客服处理你的账号问题时查看账号详情",
        "support_account_search" => "客服查找账号",
        "support_account_unlock" => "客服为你的账号解除锁定",
        "support_activation_resend" => "客服重新发送激活邮件",
        "support_identity_correction" => "客服更正你的实名信息",
        "support_identity_detach" => "客服解除你账号的实名信息",
        "school_student_list" => "学校在“在校生”模块查找学生",
        "enrollment_detail" => "学校或省级审核部门查看你的学籍详情",
        "enrollment_qualification_check" => "学校核查你的学籍资格",
        "enrollment_revocation" => "学校注销重复学籍",
        "image_record_list" => "学校或图像采集部门在“图像校对”模块查找照片",
        "image_record_detail" => "学校或图像采集部门查看照片的采集信息",
        "image_record_fix" => "学校或图像采集部门更正照片的采集信息",
        "image_record_delete" => "图像采集部门删除照片",
        "change_request_list" => "学校或省级审核部门查看学籍更正申请列表",
        "change_request_detail" => "学校或省级审核部门查看学籍更正申请",
        "change_request_proposal" => "学校提出学籍更正申请",
        "change_request_approval" => "省级审核部门批准学籍更正申请",
        "change_request_rejection" => "省级审核部门驳回学籍更正申请",
        "change_request_withdrawal" => "学校撤回学籍更正申请",
        other => return format!("工作需要（{other}）"),
    };
    label.to_owned()
}

/// One staff look at the student's full details.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"occurred_at": "2026-12-01T08:00:00Z", "actor": {"role": "support", "role_label": "客服", "organisation": "学信网客服"}, "target_type": "account", "fields": ["id_number", "phone"], "field_labels": ["身份证号", "手机号"], "purpose": "support_account_detail", "purpose_label": "客服处理你的账号问题时查看账号详情"}))]
pub struct AccessView {
    pub occurred_at: DateTime<Utc>,
    pub actor: ActorView,
    /// What was looked at: `account`, `enrollment` or `degree`.
    pub target_type: String,
    /// The record looked at (for `enrollment` and `degree`).
    pub record_id: Option<String>,
    /// The fields shown in full (`id_number`, `phone`, …).
    pub fields: Vec<String>,
    /// The same fields in Chinese.
    pub field_labels: Vec<String>,
    /// Why, as the staff tool states it.
    pub purpose: String,
    /// Why, in Chinese.
    pub purpose_label: String,
}

/// Reads the `{"fields": [...], "purpose": "..."}` of a read event into what the student sees.
pub fn access_view(event: StoredEvent, places: &HashMap<String, StaffPlace>) -> AccessView {
    let e = event.content;
    let after: Value = e
        .after_state
        .as_deref()
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or(Value::Null);
    let fields: Vec<String> = after["fields"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| f.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let purpose = after["purpose"].as_str().unwrap_or("").to_owned();
    AccessView {
        occurred_at: utc(e.occurred_at),
        actor: actor_view(&e.actor_role, e.actor_id.as_deref(), places),
        record_id: (e.target_type != "account").then_some(e.target_id),
        target_type: e.target_type,
        field_labels: fields.iter().map(|f| field_label(f)).collect(),
        fields,
        purpose_label: purpose_label(&purpose),
        purpose,
    }
}

/// The account part of the export.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExportAccount {
    pub id: String,
    pub email: String,
    /// `pending_activation`, `activated`, `active` or `disabled` (as stored).
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub activated_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    /// The notice version the account agreed to last.
    pub consent_version: Option<String>,
}

/// One consent given or withdrawn.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConsentView {
    /// `given` or `withdrawn`.
    pub kind: String,
    pub version: String,
    pub occurred_at: DateTime<Utc>,
}

/// The real-name details, in full (the student's own).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RealNameView {
    pub name: String,
    pub id_number: String,
    /// From the ID number.
    pub birth_date: Option<NaiveDate>,
    /// From the ID number: 男 or 女.
    pub sex: Option<String>,
}

/// The confirmed mobile number, in full.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PhoneView {
    pub number: String,
    pub verified_at: Option<DateTime<Utc>>,
}

/// An enrollment record, every field.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExportEnrollment {
    pub id: String,
    pub school_code: String,
    pub school_name: String,
    pub province_name: String,
    pub student_no: String,
    pub name: String,
    pub id_number: String,
    pub sex: String,
    pub birth_date: NaiveDate,
    pub ethnicity: String,
    pub major: String,
    pub level: String,
    pub study_form: String,
    pub entry_date: NaiveDate,
    pub expected_graduation: NaiveDate,
    pub status: String,
    pub qualification_pending: bool,
    pub revocation_reason: Option<String>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A degree record, every field.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExportDegree {
    pub id: String,
    pub certificate_no: String,
    pub school_code: String,
    pub school_name: String,
    pub name: String,
    pub id_number: String,
    pub major: String,
    pub level: String,
    pub study_form: String,
    pub graduation_date: NaiveDate,
}

/// A verification report and every time it was looked up (when only: who looked is the
/// verifier's business).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExportReport {
    pub code: String,
    /// `enrollment` or `degree`.
    pub record_type: String,
    pub record_id: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// When the report was looked up on the public verification page, oldest first.
    pub looked_up_at: Vec<DateTime<Utc>>,
}

/// A photo collation request (照片校对申请) the student filed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExportPhotoRequest {
    pub id: String,
    pub enrollment_id: String,
    pub school_name: Option<String>,
    /// `this_is_me`, `none_of_these` or `wrong_photo`.
    pub kind: String,
    pub message: Option<String>,
    /// `open`, `resolved` or `rejected`.
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    /// Who decided, by role and organisation.
    pub decided_by: Option<ActorView>,
    pub decision_note: Option<String>,
}

/// An audit event about the student's account or records.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExportEvent {
    pub occurred_at: DateTime<Utc>,
    pub action: String,
    pub actor: ActorView,
    pub target_type: String,
    pub target_id: String,
    #[schema(value_type = Option<Object>)]
    pub before: Option<Value>,
    #[schema(value_type = Option<Object>)]
    pub after: Option<Value>,
    pub reason: Option<String>,
}

/// Everything the portal holds about the student.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DataExport {
    pub generated_at: DateTime<Utc>,
    /// The privacy notice in force when the export was made.
    pub notice_version: String,
    pub account: ExportAccount,
    pub consent_history: Vec<ConsentView>,
    pub real_name: Option<RealNameView>,
    pub phone: Option<PhoneView>,
    pub enrollments: Vec<ExportEnrollment>,
    pub degrees: Vec<ExportDegree>,
    pub verification_reports: Vec<ExportReport>,
    pub photo_requests: Vec<ExportPhotoRequest>,
    /// Every audit event about the account and its records, oldest first (staff reads of the
    /// details are in `access_history`).
    pub audit_events: Vec<ExportEvent>,
    /// Every staff look at the student's full details, newest first.
    pub access_history: Vec<AccessView>,
}

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
            .map(|r| ExportPhotoRequest {
                school_name: school_names.get(&r.school_code).cloned(),
                decided_by: r
                    .decided_by
                    .as_deref()
                    .map(|id| actor_view("school_admin", Some(id), &places)),
                id: r.id,
                enrollment_id: r.enrollment_id,
                kind: r.kind,
                message: r.message,
                status: r.status,
                created_at: utc(r.created_at),
                decided_at: r.decided_at.map(utc),
                decision_note: r.decision_note,
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
