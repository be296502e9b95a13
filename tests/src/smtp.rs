//! A tiny real SMTP server for tests: it speaks enough of RFC 5321 for lettre (EHLO, MAIL, RCPT,
//! DATA, RSET, NOOP, QUIT) and keeps every message it receives. As production relays do, it can
//! also require STARTTLS (with a certificate made for the test) and a login (AUTH PLAIN or LOGIN)
//! before it takes mail.
//!
//! It binds port 0 and reports the port the system gave it, so no other process can take the
//! port between choosing and binding it. "Down" is a server that answers every connection with
//! `421` and hangs up, as a mail server does when it cannot serve; it can come up later on the
//! same port.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One received message.
#[derive(Debug, Clone)]
pub struct Received {
    pub recipients: Vec<String>,
    pub data: String,
    /// Who logged in to send it, if the sink asked for a login.
    pub user: Option<String>,
    /// Whether it came over TLS.
    pub encrypted: bool,
}

/// What a secured sink demands: STARTTLS with its certificate, then a login.
#[derive(Clone)]
pub struct Secured {
    tls: tokio_rustls::TlsAcceptor,
    /// The self-signed certificate (PEM) a client must trust.
    pub ca_pem: String,
    user: String,
    password: String,
    /// The SASL mechanisms offered after STARTTLS, e.g. `PLAIN LOGIN` or `LOGIN`.
    mechanisms: String,
}

impl Secured {
    /// A certificate for `localhost` and `127.0.0.1`, and the one login accepted.
    pub fn new(user: &str, password: &str, mechanisms: &str) -> Self {
        let names = vec!["localhost".to_owned(), "127.0.0.1".to_owned()];
        let made = rcgen::generate_simple_self_signed(names).expect("a test certificate");
        let key = rustls::pki_types::PrivateKeyDer::Pkcs8(made.key_pair.serialize_der().into());
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![made.cert.der().clone()], key)
            .expect("a TLS server config");
        Self {
            tls: tokio_rustls::TlsAcceptor::from(Arc::new(config)),
            ca_pem: made.cert.pem(),
            user: user.to_owned(),
            password: password.to_owned(),
            mechanisms: mechanisms.to_owned(),
        }
    }
}

/// A running SMTP sink.
#[derive(Clone)]
pub struct SmtpSink {
    pub received: Arc<Mutex<Vec<Received>>>,
    up: Arc<AtomicBool>,
    port: u16,
}

impl SmtpSink {
    /// Starts serving plain SMTP without login on a free port of 127.0.0.1.
    pub async fn start() -> Self {
        Self::listen(true, None).await
    }

    /// Like [`SmtpSink::start`], refusing every session until [`SmtpSink::come_up`].
    pub async fn start_down() -> Self {
        Self::listen(false, None).await
    }

    /// Starts a sink that takes mail only after STARTTLS and a login, as `secured` says.
    pub async fn start_secured(secured: Secured) -> Self {
        Self::listen(true, Some(secured)).await
    }

    async fn listen(up: bool, secured: Option<Secured>) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("bind the SMTP sink");
        let sink = SmtpSink {
            received: Arc::default(),
            up: Arc::new(AtomicBool::new(up)),
            port: listener.local_addr().unwrap().port(),
        };
        let (received, up) = (sink.received.clone(), sink.up.clone());
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                if !up.load(Ordering::SeqCst) {
                    let _ = stream
                        .write_all(b"421 sink.test service not available\r\n")
                        .await;
                    continue;
                }
                let received = received.clone();
                let secured = secured.clone();
                tokio::spawn(async move {
                    let _ = serve(stream, received, secured).await;
                });
            }
        });
        sink
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Starts serving sessions (after [`SmtpSink::start_down`]).
    pub fn come_up(&self) {
        self.up.store(true, Ordering::SeqCst);
    }

    /// What arrived so far.
    pub fn messages(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

async fn serve(
    stream: tokio::net::TcpStream,
    received: Arc<Mutex<Vec<Received>>>,
    secured: Option<Secured>,
) -> std::io::Result<()> {
    let mut plain = BufReader::new(stream);
    plain
        .get_mut()
        .write_all(b"220 sink.test ESMTP\r\n")
        .await?;
    let Some(secured) = secured else {
        session(&mut plain, &received, None, false).await?;
        return Ok(());
    };
    if session(&mut plain, &received, Some(&secured), false).await? == Next::StartTls {
        // The client waits for the 220 before its handshake: nothing is buffered yet.
        let tls = secured.tls.accept(plain.into_inner()).await?;
        session(&mut BufReader::new(tls), &received, Some(&secured), true).await?;
    }
    Ok(())
}

#[derive(Debug, PartialEq, Eq)]
enum Next {
    Closed,
    StartTls,
}

/// Reads one line without its CRLF; `None` at the end of the stream.
async fn line<S: AsyncRead + Unpin>(stream: &mut BufReader<S>) -> std::io::Result<Option<String>> {
    let mut text = String::new();
    if stream.read_line(&mut text).await? == 0 {
        return Ok(None);
    }
    Ok(Some(text.trim_end_matches(['\r', '\n']).to_owned()))
}

fn decoded(text: &str) -> String {
    String::from_utf8_lossy(&BASE64.decode(text.trim()).unwrap_or_default()).into_owned()
}

/// One SMTP conversation on `stream` (`encrypted` once TLS is on). With `secured`, before TLS only EHLO, STARTTLS and QUIT
/// are served; after it, mail needs a login first.
async fn session<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut BufReader<S>,
    received: &Mutex<Vec<Received>>,
    secured: Option<&Secured>,
    encrypted: bool,
) -> std::io::Result<Next> {
    let mut recipients = Vec::new();
    let mut user: Option<String> = None;
    while let Some(line_read) = line(stream).await? {
        let upper = line_read.to_ascii_uppercase();
        let reply: String = match secured {
            _ if upper.starts_with("QUIT") => {
                stream.get_mut().write_all(b"221 bye\r\n").await?;
                return Ok(Next::Closed);
            }
            Some(s) if upper.starts_with("EHLO") => match encrypted {
                false => "250-sink.test\r\n250-8BITMIME\r\n250 STARTTLS\r\n".into(),
                true => format!(
                    "250-sink.test\r\n250-8BITMIME\r\n250 AUTH {}\r\n",
                    s.mechanisms
                ),
            },
            Some(_) if upper == "STARTTLS" && !encrypted => {
                stream.get_mut().write_all(b"220 go ahead\r\n").await?;
                return Ok(Next::StartTls);
            }
            Some(_) if !encrypted => "530 5.7.0 must issue a STARTTLS command first\r\n".into(),
            Some(s) if upper.starts_with("AUTH ") => {
                let (who, password) = login(stream, &line_read, &s.mechanisms).await?;
                if who == s.user && password == s.password {
                    user = Some(who);
                    "235 2.7.0 authentication successful\r\n".into()
                } else {
                    "535 5.7.8 authentication credentials invalid\r\n".into()
                }
            }
            Some(_)
                if user.is_none()
                    && (upper.starts_with("MAIL")
                        || upper.starts_with("RCPT")
                        || upper == "DATA") =>
            {
                "530 5.7.0 authentication required\r\n".into()
            }
            _ if upper.starts_with("EHLO") || upper.starts_with("HELO") => {
                "250-sink.test\r\n250 8BITMIME\r\n".into()
            }
            _ if upper.starts_with("MAIL FROM") => {
                recipients.clear();
                "250 OK\r\n".into()
            }
            _ if upper.starts_with("RCPT TO") => {
                let addr = line_read
                    .split(':')
                    .nth(1)
                    .unwrap_or("")
                    .split_whitespace()
                    .next()
                    .unwrap_or("");
                recipients.push(addr.trim_matches(|c| c == '<' || c == '>').to_lowercase());
                "250 OK\r\n".into()
            }
            _ if upper == "DATA" => {
                stream
                    .get_mut()
                    .write_all(b"354 end with <CRLF>.<CRLF>\r\n")
                    .await?;
                let mut data = String::new();
                while let Some(l) = line(stream).await? {
                    if l == "." {
                        break;
                    }
                    data.push_str(&l);
                    data.push('\n');
                }
                received.lock().unwrap().push(Received {
                    recipients: std::mem::take(&mut recipients),
                    data,
                    user: user.clone(),
                    encrypted,
                });
                "250 OK queued\r\n".into()
            }
            _ => "250 OK\r\n".into(),
        };
        stream.get_mut().write_all(reply.as_bytes()).await?;
    }
    Ok(Next::Closed)
}

/// Reads an `AUTH PLAIN` or `AUTH LOGIN` exchange that started with `command`; returns the user
/// and password given (empty for an unoffered mechanism).
async fn login<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut BufReader<S>,
    command: &str,
    offered: &str,
) -> std::io::Result<(String, String)> {
    let mut words = command.split_whitespace().skip(1);
    let mechanism = words.next().unwrap_or("").to_ascii_uppercase();
    let initial = words.next().map(str::to_owned);
    if !offered.split_whitespace().any(|m| m == mechanism) {
        return Ok((String::new(), String::new()));
    }
    let mut ask = async |prompt: &[u8]| -> std::io::Result<String> {
        stream.get_mut().write_all(prompt).await?;
        Ok(line(stream).await?.unwrap_or_default())
    };
    if mechanism == "PLAIN" {
        let answer = match initial {
            Some(text) => text,
            None => ask(b"334 \r\n").await?,
        };
        let text = decoded(&answer);
        let mut parts = text.split('\0').skip(1);
        let user = parts.next().unwrap_or("").to_owned();
        return Ok((user, parts.next().unwrap_or("").to_owned()));
    }
    let user = match initial {
        Some(text) => decoded(&text),
        None => decoded(&ask(b"334 VXNlcm5hbWU6\r\n").await?),
    };
    let password = decoded(&ask(b"334 UGFzc3dvcmQ6\r\n").await?);
    Ok((user, password))
}
