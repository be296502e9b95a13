//! How messages leave: SMTP (lettre) or `dev` for email; `dev` for SMS until an SMS gateway
//! transport is configured.

use std::time::Duration;

use anyhow::Context;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::store::Message;
use crate::config::{Config, EmailTransport, SmsTransport, SmtpTls};

/// The configured transports.
pub struct Transports {
    email: Email,
    sms: SmsTransport,
}

enum Email {
    Dev,
    Smtp { mailer: AsyncSmtpTransport<Tokio1Executor>, from: Mailbox },
}

impl Transports {
    /// Builds the transports from the settings (no connection is opened yet).
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        let email = match config.email_transport {
            EmailTransport::Dev => Email::Dev,
            EmailTransport::Smtp => {
                let smtp = &config.smtp;
                let host = smtp.host.as_deref().context("APP_SMTP_HOST is required for the smtp transport")?;
                let mut builder = match smtp.tls {
                    SmtpTls::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)?,
                    SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)?,
                    SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
                };
                builder = builder.port(smtp.port).timeout(Some(Duration::from_secs(15)));
                if let (Some(user), Some(password)) = (&smtp.username, &smtp.password) {
                    builder = builder.credentials(Credentials::new(user.clone(), password.expose().to_owned()));
                }
                let from = smtp.from.parse().context("APP_MAIL_FROM is not a valid sender")?;
                Email::Smtp { mailer: builder.build(), from }
            }
        };
        Ok(Self { email, sms: config.sms_transport })
    }

    /// Delivers `message`; returns the transport's name and the outcome.
    pub async fn deliver(&self, message: &Message) -> (&'static str, Result<(), String>) {
        match (message.channel.as_str(), &self.email, self.sms) {
            ("email", Email::Dev, _) | ("sms", _, SmsTransport::Dev) => ("dev", Ok(())),
            ("email", Email::Smtp { mailer, from }, _) => ("smtp", send_email(mailer, from, message).await),
            ("sms", _, SmsTransport::Http) => ("http", Err("no SMS gateway transport is available in this version".into())),
            (other, _, _) => ("none", Err(format!("unknown channel `{other}`"))),
        }
    }
}

async fn send_email(mailer: &AsyncSmtpTransport<Tokio1Executor>, from: &Mailbox, message: &Message) -> Result<(), String> {
    let to: Mailbox = message.recipient.parse().map_err(|e| format!("bad recipient: {e}"))?;
    let builder = lettre::Message::builder().from(from.clone()).to(to).subject(message.subject.clone().unwrap_or_default());
    let email = match &message.body_html {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(message.body_text.clone(), html.clone())),
        None => builder.body(message.body_text.clone()),
    }
    .map_err(|e| format!("cannot build the email: {e}"))?;
    mailer.send(email).await.map(|_| ()).map_err(|e| format!("SMTP: {e}"))
}
