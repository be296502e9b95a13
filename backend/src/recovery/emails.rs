//! The messages of 找回账号: links to confirm a new email or to set a new phone, and the notices
//! that tell the owner what changed.

use crate::accounts::emails::{email, escape, page, PORTAL};
use crate::outbox::NewMessage;

fn link_mail(
    to: &str,
    title: &str,
    intro: &str,
    button: &str,
    link: &str,
    minutes: u64,
) -> NewMessage {
    let subject = format!("【{PORTAL}】{title}");
    let text = format!(
        "您好！\n\n{intro}请在 {minutes} 分钟内打开下面的链接：\n\n{link}\n\n\
如果链接无法点击，请把它复制到浏览器的地址栏中打开。\n如果这不是您本人的操作，请忽略本邮件，账号不会有任何变化。\n\n{PORTAL}\n"
    );
    let html = page(
        title,
        &format!(
            "<p>您好！</p><p>{intro}请在 <strong>{minutes} 分钟</strong>内点击下面的按钮。</p>\
{button}\
<p style=\"color:#666\">如果这不是您本人的操作，请忽略本邮件，账号不会有任何变化。</p>",
            button = crate::accounts::emails::button(link, button),
            intro = escape(intro),
        ),
    );
    email(to, subject, text, html)
}

/// The link that confirms `to` as the account's new email: `{public_url}/recover/email/confirm?token=…`.
pub fn confirm_new_email(to: &str, public_url: &str, token: &str, minutes: u64) -> NewMessage {
    let link = format!("{public_url}/recover/email/confirm?token={token}");
    link_mail(
        to,
        "确认新的登录邮箱",
        &format!("您正在找回学信网账号，并把登录邮箱改为 {to}。确认后，这个邮箱就是新的登录邮箱，所有已登录的设备都会退出登录。"),
        "确认新邮箱",
        &link,
        minutes,
    )
}

/// The link that lets the owner of `to` set a new phone: `{public_url}/recover/phone?token=…`.
pub fn set_new_phone(to: &str, public_url: &str, token: &str, minutes: u64) -> NewMessage {
    let link = format!("{public_url}/recover/phone?token={token}");
    link_mail(
        to,
        "更换手机号",
        "我们收到了更换您学信网账号手机号的请求（已核对密码）。打开链接后输入新手机号并填写短信校验码即可完成更换，所有已登录的设备都会退出登录。",
        "更换手机号",
        &link,
        minutes,
    )
}

fn notice(to: &str, title: &str, what: &str) -> NewMessage {
    let subject = format!("【{PORTAL}】{title}");
    let tail = "如果这是您本人的操作，无需处理。如果不是，说明有人可能冒用了您的身份信息，请立即联系客服。";
    let text = format!("您好！\n\n{what}所有已登录的设备都已退出登录。\n\n{tail}\n\n{PORTAL}\n");
    let html = page(
        title,
        &format!(
            "<p>您好！</p><p>{}所有已登录的设备都已退出登录。</p><p style=\"color:#b42318\">{tail}</p>",
            escape(what)
        ),
    );
    email(to, subject, text, html)
}

/// Tells the old email that the account's login email is now `new_masked` (reaches the real
/// owner if the old mailbox still works).
pub fn email_changed(old: &str, new_masked: &str) -> NewMessage {
    notice(
        old,
        "账号的登录邮箱已更改",
        &format!("您的学信网账号通过“找回账号”把登录邮箱由 {old} 改为 {new_masked}，此邮箱不再用于登录。"),
    )
}

/// Tells the account's email that its phone is now `phone_masked`.
pub fn phone_changed(to: &str, phone_masked: &str) -> NewMessage {
    notice(
        to,
        "账号的手机号已更改",
        &format!("您的学信网账号通过“找回账号”把手机号改为 {phone_masked}。"),
    )
}

/// `li.ming@example.cn` → `li***@example.cn`: enough for the owner to recognise, little for others.
pub fn mask_email(e: &str) -> String {
    match e.split_once('@') {
        Some((local, domain)) => {
            let shown: String = local.chars().take(2).collect();
            format!("{shown}***@{domain}")
        }
        None => "***".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_links_lead_to_the_recovery_pages_in_both_parts() {
        let m = confirm_new_email("new@example.cn", "http://x.cn", "T0K", 60);
        assert!(m
            .body_text
            .contains("http://x.cn/recover/email/confirm?token=T0K"));
        assert!(m
            .body_html
            .unwrap()
            .contains("http://x.cn/recover/email/confirm?token=T0K"));
        let m = set_new_phone("a@example.cn", "http://x.cn", "T1", 60);
        assert!(m.body_text.contains("http://x.cn/recover/phone?token=T1"));
    }

    #[test]
    fn notices_name_the_change_but_mask_the_new_address() {
        let m = email_changed("old@example.cn", &mask_email("li.ming@example.cn"));
        assert!(m.body_text.contains("li***@example.cn"));
        assert!(!m.body_text.contains("li.ming@"));
        assert_eq!(m.recipient, "old@example.cn");
    }
}
