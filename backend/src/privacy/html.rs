//! The readable copy of a student's data: one self-contained HTML file (no script, no external
//! resource, its own print styles), every value escaped.

use std::fmt::Write;

use chrono::{DateTime, FixedOffset, Utc};
use serde_json::Value;

use super::views::{ActorView, DataExport};
use crate::rules::html::escape;

/// A time as students read it: Beijing time.
fn when(t: &DateTime<Utc>) -> String {
    let beijing = FixedOffset::east_opt(8 * 3600).expect("a valid offset");
    t.with_timezone(&beijing)
        .format("%Y-%m-%d %H:%M:%S（北京时间）")
        .to_string()
}

fn opt_when(t: &Option<DateTime<Utc>>) -> String {
    t.as_ref().map_or_else(|| "—".to_owned(), when)
}

fn opt(text: &Option<String>) -> String {
    text.clone().unwrap_or_else(|| "—".to_owned())
}

fn actor(a: &ActorView) -> String {
    match &a.organisation {
        Some(org) => format!("{}（{}）", a.role_label, org),
        None => a.role_label.clone(),
    }
}

fn json_text(v: &Option<Value>) -> String {
    match v {
        None | Some(Value::Null) => "—".to_owned(),
        Some(v) => v.to_string(),
    }
}

/// A table of label/value rows.
fn pairs(out: &mut String, rows: &[(&str, String)]) {
    out.push_str("<table class=\"pairs\"><tbody>");
    for (label, value) in rows {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            escape(label),
            escape(value)
        );
    }
    out.push_str("</tbody></table>");
}

/// A table with a header row.
fn table(out: &mut String, head: &[&str], rows: Vec<Vec<String>>) {
    if rows.is_empty() {
        out.push_str("<p class=\"none\">无</p>");
        return;
    }
    out.push_str("<table><thead><tr>");
    for h in head {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            let _ = write!(out, "<td>{}</td>", escape(&cell));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;\
margin:0 auto;max-width:60rem;padding:1rem;color:#1a1a1a;line-height:1.5}\
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}\
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.9rem}\
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top;word-break:break-all}\
th{background:#f2f2f2}table.pairs th{width:10rem}.none{color:#666}.note{color:#444;font-size:.9rem}\
@media print{body{max-width:none;padding:0;font-size:10pt}h2{break-after:avoid}tr{break-inside:avoid}\
th{background:none}}";

/// The whole file.
pub fn render(d: &DataExport) -> String {
    let mut o = String::with_capacity(16 * 1024);
    o.push_str("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    o.push_str("<title>我的数据 · 学信网</title><style>");
    o.push_str(STYLE);
    o.push_str("</style></head><body><main>");
    o.push_str("<h1>我的数据（学信网保存的关于你的全部个人信息）</h1>");
    let _ = write!(
        o,
        "<p class=\"note\">生成时间：{}。适用的《个人信息保护说明》版本：{}。工作人员只显示角色和所属单位。</p>",
        escape(&when(&d.generated_at)),
        escape(&d.notice_version)
    );

    o.push_str("<h2>账号</h2>");
    let a = &d.account;
    pairs(
        &mut o,
        &[
            ("账号编号", a.id.clone()),
            ("邮箱", a.email.clone()),
            ("状态", a.status.clone()),
            ("注册时间", when(&a.created_at)),
            ("激活时间", opt_when(&a.activated_at)),
            ("完成注册时间", opt_when(&a.completed_at)),
            ("已同意的说明版本", opt(&a.consent_version)),
        ],
    );
    o.push_str("<h3>同意记录</h3>");
    table(
        &mut o,
        &["时间", "操作", "说明版本"],
        d.consent_history
            .iter()
            .map(|c| {
                let kind = if c.kind == "given" {
                    "同意"
                } else {
                    "撤回同意"
                };
                vec![when(&c.occurred_at), kind.to_owned(), c.version.clone()]
            })
            .collect(),
    );

    o.push_str("<h2>实名信息与手机号</h2>");
    match &d.real_name {
        Some(r) => pairs(
            &mut o,
            &[
                ("姓名", r.name.clone()),
                ("身份证号", r.id_number.clone()),
                (
                    "出生日期",
                    r.birth_date.map_or("—".into(), |b| b.to_string()),
                ),
                ("性别", opt(&r.sex)),
            ],
        ),
        None => o.push_str("<p class=\"none\">尚未填写实名信息</p>"),
    }
    match &d.phone {
        Some(p) => pairs(
            &mut o,
            &[
                ("手机号", p.number.clone()),
                ("验证时间", opt_when(&p.verified_at)),
            ],
        ),
        None => o.push_str("<p class=\"none\">尚未绑定手机号</p>"),
    }

    o.push_str("<h2>学籍信息</h2>");
    if d.enrollments.is_empty() {
        o.push_str("<p class=\"none\">无</p>");
    }
    for e in &d.enrollments {
        let _ = write!(
            o,
            "<h3>{} · {}</h3>",
            escape(&e.school_name),
            escape(&e.level)
        );
        pairs(
            &mut o,
            &[
                ("记录编号", e.id.clone()),
                (
                    "院校",
                    format!(
                        "{}（{}，{}）",
                        e.school_name, e.school_code, e.province_name
                    ),
                ),
                ("学号", e.student_no.clone()),
                ("姓名", e.name.clone()),
                ("身份证号", e.id_number.clone()),
                ("性别", e.sex.clone()),
                ("出生日期", e.birth_date.to_string()),
                ("民族", e.ethnicity.clone()),
                ("专业", e.major.clone()),
                ("层次", e.level.clone()),
                ("学习形式", e.study_form.clone()),
                ("入学日期", e.entry_date.to_string()),
                ("预计毕业日期", e.expected_graduation.to_string()),
                ("学籍状态", e.status.clone()),
                (
                    "资格待查",
                    if e.qualification_pending {
                        "是"
                    } else {
                        "否"
                    }
                    .to_owned(),
                ),
                ("注销原因", opt(&e.revocation_reason)),
                ("注销时间", opt_when(&e.revoked_at)),
            ],
        );
    }

    o.push_str("<h2>学历信息</h2>");
    if d.degrees.is_empty() {
        o.push_str("<p class=\"none\">无</p>");
    }
    for g in &d.degrees {
        let _ = write!(
            o,
            "<h3>{} · {}</h3>",
            escape(&g.school_name),
            escape(&g.level)
        );
        pairs(
            &mut o,
            &[
                ("记录编号", g.id.clone()),
                ("证书编号", g.certificate_no.clone()),
                ("院校", format!("{}（{}）", g.school_name, g.school_code)),
                ("姓名", g.name.clone()),
                ("身份证号", g.id_number.clone()),
                ("专业", g.major.clone()),
                ("层次", g.level.clone()),
                ("学习形式", g.study_form.clone()),
                ("毕业日期", g.graduation_date.to_string()),
            ],
        );
    }

    o.push_str("<h2>在线验证报告及被查询的时间</h2>");
    table(
        &mut o,
        &[
            "验证码",
            "对应记录",
            "创建",
            "有效期至",
            "撤销",
            "被查询时间",
        ],
        d.verification_reports
            .iter()
            .map(|r| {
                let kind = if r.record_type == "degree" {
                    "学历"
                } else {
                    "学籍"
                };
                let lookups = if r.looked_up_at.is_empty() {
                    "尚未被查询".to_owned()
                } else {
                    r.looked_up_at
                        .iter()
                        .map(when)
                        .collect::<Vec<_>>()
                        .join("；")
                };
                vec![
                    r.code.clone(),
                    format!("{kind} {}", r.record_id),
                    when(&r.created_at),
                    when(&r.expires_at),
                    opt_when(&r.revoked_at),
                    lookups,
                ]
            })
            .collect(),
    );

    o.push_str("<h2>照片校对申请</h2>");
    table(
        &mut o,
        &[
            "提交时间",
            "院校",
            "类型",
            "说明",
            "状态",
            "处理时间",
            "处理人",
            "处理意见",
        ],
        d.photo_requests
            .iter()
            .map(|r| {
                vec![
                    when(&r.created_at),
                    opt(&r.school_name),
                    r.kind.clone(),
                    opt(&r.message),
                    r.status.clone(),
                    opt_when(&r.decided_at),
                    r.decided_by.as_ref().map_or("—".into(), actor),
                    opt(&r.decision_note),
                ]
            })
            .collect(),
    );

    o.push_str("<h2>谁查看过你的完整信息</h2>");
    table(
        &mut o,
        &["时间", "查看者", "查看的信息", "原因"],
        d.access_history
            .iter()
            .map(|r| {
                vec![
                    when(&r.occurred_at),
                    actor(&r.actor),
                    r.field_labels.join("、"),
                    r.purpose_label.clone(),
                ]
            })
            .collect(),
    );

    o.push_str("<h2>与你的账号和记录有关的操作记录（审计日志）</h2>");
    table(
        &mut o,
        &["时间", "操作", "操作者", "对象", "之前", "之后", "原因"],
        d.audit_events
            .iter()
            .map(|e| {
                vec![
                    when(&e.occurred_at),
                    e.action.clone(),
                    actor(&e.actor),
                    format!("{} {}", e.target_type, e.target_id),
                    json_text(&e.before),
                    json_text(&e.after),
                    opt(&e.reason),
                ]
            })
            .collect(),
    );
    o.push_str("</main></body></html>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_values_is_shown_as_text() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(escape("北京大学"), "北京大学");
    }
}
