//! Cutting secrets out of what is kept: request targets before they are logged, and delivered
//! outbox messages once their links and codes have done their job. Pure functions, no I/O.

/// What stands where a secret was.
pub const REDACTED: &str = "[redacted]";

/// Path segments whose next segment is a secret: report codes (API and the SPA's verify page)
/// and the SPA pages that take a token in the path, should a link ever carry one there.
const SECRET_AFTER: &[&str] = &[
    "verification-reports",
    "verify",
    "activate",
    "reset-password",
];

/// Query keys (and JSON keys of SMS template parameters) whose values are secrets.
const SECRET_KEYS: &[&str] = &[
    "token",
    "code",
    "access_token",
    "refresh_token",
    "registration_token",
    "password",
    "secret",
    "key",
    "api_key",
    "signature",
    "sig",
];

/// Shortest value that is taken for a secret by its looks alone.
const SECRET_MIN_LEN: usize = 16;

fn is_secret_key(key: &str) -> bool {
    SECRET_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '%' | '+' | '=')
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Whether `s` looks like a secret: a long run of token characters mixing letters and digits
/// (report codes, activation and reset tokens, JWTs, ID numbers). UUIDs, which name records
/// and are no secret, and plain words or numbers are not.
pub fn looks_secret(s: &str) -> bool {
    s.chars().count() >= SECRET_MIN_LEN
        && s.chars().all(is_token_char)
        && s.chars().any(|c| c.is_ascii_alphabetic())
        && s.chars().any(|c| c.is_ascii_digit())
        && !is_uuid(s)
}

/// A request target (`/path?query`) fit for a log line: the segment after
/// `verification-reports` or `verify` (a report code), any segment that looks like a secret, and
/// the value of a secret query key (`token=`, `code=`…) or of a secret-looking value become
/// `[redacted]`.
pub fn redact_target(target: &str) -> String {
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target, None),
    };
    let mut after_marker = false;
    let segments: Vec<&str> = path
        .split('/')
        .map(|segment| {
            let secret = !segment.is_empty() && (after_marker || looks_secret(segment));
            after_marker = SECRET_AFTER.iter().any(|m| m.eq_ignore_ascii_case(segment));
            if secret {
                REDACTED
            } else {
                segment
            }
        })
        .collect();
    let mut out = segments.join("/");
    if let Some(query) = query {
        out.push('?');
        out.push_str(&redact_query(query));
    }
    out
}

fn redact_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) if is_secret_key(key) || looks_secret(value) => {
                format!("{key}={REDACTED}")
            }
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The secrets a message carries: the values of secret keys in the links of `text` (`?token=…`,
/// `&amp;code=…`) and in the JSON template parameters `params`.
pub fn secrets_in(text: &str, params: Option<&serde_json::Value>) -> Vec<String> {
    let mut found = Vec::new();
    for (i, _) in text.match_indices('=') {
        let before = &text[..i];
        let key_start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |j| j + 1);
        let lead = &before[..key_start];
        let opens_query = lead.ends_with('?') || lead.ends_with('&') || lead.ends_with("&amp;");
        if !opens_query || !is_secret_key(&before[key_start..]) {
            continue;
        }
        let value: String = text[i + 1..]
            .chars()
            .take_while(|c| is_token_char(*c) && *c != '=')
            .collect();
        if !value.is_empty() {
            found.push(value);
        }
    }
    if let Some(serde_json::Value::Object(map)) = params {
        for (key, value) in map {
            if !is_secret_key(key) {
                continue;
            }
            match value {
                serde_json::Value::String(s) if !s.is_empty() => found.push(s.clone()),
                serde_json::Value::Number(n) => found.push(n.to_string()),
                _ => {}
            }
        }
    }
    // Longest first, so a secret that contains another is cut whole.
    found.sort_by_key(|s| std::cmp::Reverse(s.len()));
    found.dedup();
    found
}

/// `text` with every occurrence of each secret replaced by `[redacted]`.
pub fn cut(text: &str, secrets: &[String]) -> String {
    secrets
        .iter()
        .fold(text.to_owned(), |t, s| t.replace(s.as_str(), REDACTED))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn report_codes_leave_every_path_that_carries_one() {
        assert_eq!(
            redact_target("/api/v1/verification-reports/7KQ9MZ4XH2TB8WNC"),
            "/api/v1/verification-reports/[redacted]"
        );
        // Typed codes are accepted in any case and with hyphens: still cut.
        assert_eq!(
            redact_target("/api/v1/verification-reports/7kq9-mz4x"),
            "/api/v1/verification-reports/[redacted]"
        );
        assert_eq!(
            redact_target("/api/v1/me/verification-reports/7KQ9MZ4XH2TB8WNC/extend"),
            "/api/v1/me/verification-reports/[redacted]/extend"
        );
        assert_eq!(
            redact_target("/verify/ABCDEFGHJKMNPQRS"),
            "/verify/[redacted]"
        );
        assert_eq!(
            redact_target("/api/v1/me/verification-reports"),
            "/api/v1/me/verification-reports"
        );
        assert_eq!(redact_target("/verify/"), "/verify/");
    }

    #[test]
    fn tokens_in_query_strings_are_cut_and_other_parameters_kept() {
        assert_eq!(
            redact_target("/activate?token=abc"),
            "/activate?token=[redacted]"
        );
        assert_eq!(
            redact_target("/reset-password?lang=zh&TOKEN=x.y.z&page=2"),
            "/reset-password?lang=zh&TOKEN=[redacted]&page=2"
        );
        assert_eq!(
            redact_target("/api/v1/degree-checks?certificate_no=100031202305000123&name=%E6%9D%8E"),
            "/api/v1/degree-checks?certificate_no=100031202305000123&name=%E6%9D%8E"
        );
        assert_eq!(
            redact_target("/x?code=123456&q=ab12cd34ef56gh78ij"),
            "/x?code=[redacted]&q=[redacted]"
        );
    }

    #[test]
    fn segments_that_look_like_secrets_are_cut_but_record_ids_are_kept() {
        let uuid = "6c1d2f4a-2f4a-4c59-9a51-7d0c3e8b1a22";
        assert_eq!(
            redact_target(&format!("/api/v1/enrollments/{uuid}/change-requests")),
            format!("/api/v1/enrollments/{uuid}/change-requests")
        );
        assert_eq!(
            redact_target("/api/v1/things/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig123"),
            "/api/v1/things/[redacted]"
        );
        assert_eq!(
            redact_target("/api/v1/schools/10001/students"),
            "/api/v1/schools/10001/students"
        );
        assert!(looks_secret("11010519491231002X"), "an ID number");
        assert!(!looks_secret("100031202305000123"), "digits only");
        assert!(!looks_secret("change-requests"), "a word");
        assert!(!looks_secret(uuid));
    }

    #[test]
    fn a_message_gives_up_its_link_tokens_and_sms_codes() {
        let text = "请打开 https://x.cn/activate?token=Zm9vYmFyYmF6MTIz 激活";
        let html = "<a href=\"https://x.cn/reset-password?lang=zh&amp;token=T-1_2\">重置</a>";
        assert_eq!(secrets_in(text, None), ["Zm9vYmFyYmF6MTIz"]);
        assert_eq!(secrets_in(html, None), ["T-1_2"]);
        assert_eq!(
            cut(text, &secrets_in(text, None)),
            "请打开 https://x.cn/activate?token=[redacted] 激活"
        );
        let params = json!({"code": "012345", "minutes": 5});
        let sms = "【学信网】您的注册校验码为 012345，5 分钟内有效。";
        let secrets = secrets_in(sms, Some(&params));
        assert_eq!(secrets, ["012345"]);
        assert_eq!(
            cut(sms, &secrets),
            "【学信网】您的注册校验码为 [redacted]，5 分钟内有效。"
        );
        assert!(secrets_in("no links, a=b and x?y=z here", None).is_empty());
    }
}
