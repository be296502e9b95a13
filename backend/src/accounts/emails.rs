//! The emails the accounts capability sends: Chinese, HTML with a plain-text part, naming the portal.

use crate::outbox::{Channel, NewMessage};

/// The portal's name in every message.
pub const PORTAL: &str = "学信网 · Xuexin";

/// The activation email with its link `{public_url}/activate?token=…`.
pub fn activation(to: &str, public_url: &str, token: &str, valid_hours: u64) -> NewMessage {
    let link = format!("{public_url}/activate?token={token}");
    let subject = format!("【{PORTAL}】请激活您的账号");
    let text = format!(
        "您好！\n\n您正在用 {to} 注册{PORTAL}账号。请在 {valid_hours} 小时内打开下面的链接激活账号，然后继续完成实名注册和手机确认：\n\n{link}\n\n\
如果链接无法点击，请把它复制到浏览器的地址栏中打开。\n如果这不是您本人的操作，请忽略本邮件，账号不会被激活。\n\n{PORTAL}（高等教育学生信息服务平台的开源实现）\n"
    );
    let html = page(
        "激活您的账号",
        &format!(
            "<p>您好！</p><p>您正在用 <strong>{to}</strong> 注册{PORTAL}账号。请在 <strong>{valid_hours} 小时</strong>内点击下面的按钮激活账号，然后继续完成实名注册和手机确认。</p>\
{button}\
<p style=\"color:#666\">如果这不是您本人的操作，请忽略本邮件，账号不会被激活。</p>",
            button = button(&link, "激活账号"),
            to = escape(to),
        ),
    );
    email(to, subject, text, html)
}

/// The password-reset email with its link `{public_url}/reset-password?token=…`.
pub fn password_reset(to: &str, public_url: &str, token: &str, valid_minutes: u64) -> NewMessage {
    let link = format!("{public_url}/reset-password?token={token}");
    let subject = format!("【{PORTAL}】重置密码");
    let text = format!(
        "您好！\n\n我们收到了重置账号 {to} 密码的请求。请在 {valid_minutes} 分钟内打开下面的链接设置新密码：\n\n{link}\n\n\
设置新密码后，所有已登录的设备都会退出登录。\n如果这不是您本人的操作，请忽略本邮件，您的密码不会改变。\n\n{PORTAL}（高等教育学生信息服务平台的开源实现）\n"
    );
    let html = page(
        "重置密码",
        &format!(
            "<p>您好！</p><p>我们收到了重置账号 <strong>{to}</strong> 密码的请求。请在 <strong>{valid_minutes} 分钟</strong>内点击下面的按钮设置新密码。</p>\
{button}\
<p style=\"color:#666\">设置新密码后，所有已登录的设备都会退出登录。如果这不是您本人的操作，请忽略本邮件，您的密码不会改变。</p>",
            button = button(&link, "设置新密码"),
            to = escape(to),
        ),
    );
    email(to, subject, text, html)
}

/// An email with a plain-text and an HTML part.
pub fn email(to: &str, subject: String, text: String, html: String) -> NewMessage {
    NewMessage {
        channel: Channel::Email,
        recipient: to.to_owned(),
        subject: Some(subject),
        body_text: text,
        body_html: Some(html),
        template: None,
        params: None,
    }
}

/// The HTML frame of every email: the portal's header and footer around `body`.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
<body style=\"margin:0;background:#f4f6f9;font-family:'PingFang SC','Microsoft YaHei',sans-serif;color:#1f2933\">\
<div style=\"max-width:560px;margin:24px auto;background:#fff;border-radius:8px;overflow:hidden\">\
<div style=\"background:#0b5cad;color:#fff;padding:16px 24px;font-size:18px;font-weight:bold\">{PORTAL}</div>\
<div style=\"padding:24px;line-height:1.7\">{body}</div>\
<div style=\"padding:16px 24px;color:#888;font-size:12px;border-top:1px solid #eee\">本邮件由系统自动发送，请勿直接回复。{PORTAL} 是高等教育学生信息服务平台的开源实现。</div>\
</div></body></html>"
    )
}

/// The button to `link` and, below it, the link itself for mail clients that do not show it.
pub fn button(link: &str, label: &str) -> String {
    format!(
        "<p style=\"margin:28px 0\"><a href=\"{link}\" style=\"background:#0b5cad;color:#fff;padding:12px 24px;border-radius:6px;text-decoration:none;font-weight:bold\">{label}</a></p>\
<p>如果按钮无法点击，请把下面的链接复制到浏览器的地址栏中打开：<br><a href=\"{link}\">{link}</a></p>"
    )
}

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_activation_email_carries_the_link_in_both_parts_and_names_the_portal() {
        let m = activation("li@example.cn", "https://xx.example", "TOKEN123", 24);
        let link = "https://xx.example/activate?token=TOKEN123";
        assert!(m.body_text.contains(link));
        assert!(m.body_html.as_ref().unwrap().contains(link));
        assert!(m.subject.as_ref().unwrap().contains("学信网"));
        assert!(m.body_text.contains("24 小时"));
    }

    #[test]
    fn the_reset_email_links_to_the_reset_page() {
        let m = password_reset("li@example.cn", "http://127.0.0.1:8080", "T", 60);
        assert!(m
            .body_text
            .contains("http://127.0.0.1:8080/reset-password?token=T"));
    }
}
