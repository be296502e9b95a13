//! How messages leave: SMTP (lettre) or `dev` for email; an HTTP SMS gateway (reqwest) or `dev`
//! for SMS.

use std::time::Duration;

use anyhow::Context;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::store::Message;
use crate::config::{Config, EmailTransport, SmsTransport, SmtpSettings, SmtpTls};

/// The configured transports.
pub struct Transports {
    email: Email,
    sms: Sms,
}

enum Sms {
    Dev,
    Http {
        client: reqwest::Client,
        url: String,
        token: Option<String>,
    },
}

enum Email {
    Dev,
    Smtp {
        mailer: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
}

/// TLS for the relay `host`: its certificate must be valid for `host` and chain to a public root
/// or to `APP_SMTP_CA_FILE`.
fn tls_parameters(host: &str, smtp: &SmtpSettings) -> anyhow::Result<TlsParameters> {
    let mut builder = TlsParameters::builder(host.to_owned());
    if let Some(file) = &smtp.ca_file {
        let pem = std::fs::read(file)
            .with_context(|| format!("cannot read APP_SMTP_CA_FILE {}", file.display()))?;
        let ca =
            Certificate::from_pem(&pem).context("APP_SMTP_CA_FILE is not a PEM certificate")?;
        builder = builder.add_root_certificate(ca);
    }
    Ok(builder.build_rustls()?)
}

impl Transports {
    /// Builds the transports from the settings (no connection is opened yet).
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        let email = match config.email_transport {
            EmailTransport::Dev => Email::Dev,
            EmailTransport::Smtp => {
                let smtp = &config.smtp;
                let host = smtp
                    .host
                    .as_deref()
                    .context("APP_SMTP_HOST is required for the smtp transport")?;
                let plain = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host);
                let mut builder = match smtp.tls {
                    SmtpTls::StartTls => plain.tls(Tls::Required(tls_parameters(host, smtp)?)),
                    SmtpTls::Tls => plain.tls(Tls::Wrapper(tls_parameters(host, smtp)?)),
                    SmtpTls::None => plain,
                };
                builder = builder
                    .port(smtp.port)
                    .timeout(Some(Duration::from_secs(15)));
                if let (Some(user), Some(password)) = (&smtp.username, &smtp.password) {
                    builder = builder
                        .credentials(Credentials::new(user.clone(), password.expose().to_owned()));
                }
                let from = smtp
                    .from
                    .parse()
                    .context("APP_MAIL_FROM is not a valid sender")?;
                Email::Smtp {
                    mailer: builder.build(),
                    from,
                }
            }
        };
        let sms = match config.sms_transport {
            SmsTransport::Dev => Sms::Dev,
            SmsTransport::Http => {
                let gateway = &config.sms_gateway;
                let url = gateway
                    .url
                    .clone()
                    .context("APP_SMS_GATEWAY_URL is required for the http SMS transport")?;
                let client = reqwest::Client::builder()
                    .timeout(Duration::from_secs(gateway.timeout_secs))
                    .no_proxy()
                    .build()
                    .context("cannot build the SMS gateway client")?;
                Sms::Http {
                    client,
                    url,
                    token: gateway.token.as_ref().map(|t| t.expose().to_owned()),
                }
            }
        };
        Ok(Self { email, sms })
    }

    /// Delivers `message`; returns the transport's name and the outcome.
    pub async fn deliver(&self, message: &Message) -> (&'static str, Result<(), String>) {
        match (message.channel.as_str(), &self.email, &self.sms) {
            ("email", Email::Dev, _) | ("sms", _, Sms::Dev) => ("dev", Ok(())),
            ("email", Email::Smtp { mailer, from }, _) => {
                ("smtp", send_email(mailer, from, message).await)
            }
            ("sms", _, Sms::Http { client, url, token }) => (
                "http",
                send_sms(client, url, token.as_deref(), message).await,
            ),
            (other, _, _) => ("none", Err(format!("unknown channel `{other}`"))),
        }
    }
}

async fn send_email(
    mailer: &AsyncSmtpTransport<Tokio1Executor>,
    from: &Mailbox,
    message: &Message,
) -> Result<(), String> {
    let to: Mailbox = message
        .recipient
        .parse()
        .map_err(|e| format!("bad recipient: {e}"))?;
    let builder = lettre::Message::builder()
        .from(from.clone())
        .to(to)
        .subject(message.subject.clone().unwrap_or_default());
    let email = match &message.body_html {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(
            message.body_text.clone(),
            html.clone(),
        )),
        None => builder.body(message.body_text.clone()),
    }
    .map_err(|e| format!("cannot build the email: {e}"))?;
    mailer
        .send(email)
        .await
        .map(|_| ())
        .map_err(|e| format!("SMTP: {e}"))
}

/// Posts `{phone, template, params}` to the gateway; anything but a 2xx answer is a failure to retry.
async fn send_sms(
    client: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    message: &Message,
) -> Result<(), String> {
    let params: serde_json::Value = message
        .params
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|e| format!("stored params are not JSON: {e}"))?
        .unwrap_or(serde_json::Value::Null);
    let body = serde_json::json!({
        "phone": message.recipient,
        "template": message.template,
        "params": params,
        "text": message.body_text,
    });
    let mut request = client.post(url).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request
        .send()
        .await
        .map_err(|e| format!("SMS gateway unreachable: {e}"))?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(format!("SMS gateway answered {}", response.status()))
    }
}
