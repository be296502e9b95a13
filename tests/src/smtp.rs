//! A tiny real SMTP server for tests: it speaks enough of RFC 5321 for lettre (EHLO, MAIL, RCPT,
//! DATA, RSET, NOOP, QUIT) and keeps every message it receives.
//!
//! It binds port 0 and reports the port the system gave it, so no other process can take the
//! port between choosing and binding it. "Down" is a server that answers every connection with
//! `421` and hangs up, as a mail server does when it cannot serve; it can come up later on the
//! same port.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One received message.
#[derive(Debug, Clone)]
pub struct Received {
    pub recipients: Vec<String>,
    pub data: String,
}

/// A running SMTP sink.
#[derive(Clone)]
pub struct SmtpSink {
    pub received: Arc<Mutex<Vec<Received>>>,
    up: Arc<AtomicBool>,
    port: u16,
}

impl SmtpSink {
    /// Starts serving on a free port of 127.0.0.1.
    pub async fn start() -> Self {
        Self::listen(true).await
    }

    /// Starts on a free port of 127.0.0.1, refusing every session until [`SmtpSink::come_up`].
    pub async fn start_down() -> Self {
        Self::listen(false).await
    }

    async fn listen(up: bool) -> Self {
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
                tokio::spawn(async move {
                    let _ = session(stream, received).await;
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

async fn session(
    stream: tokio::net::TcpStream,
    received: Arc<Mutex<Vec<Received>>>,
) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    write.write_all(b"220 sink.test ESMTP\r\n").await?;
    let mut recipients = Vec::new();
    while let Some(line) = lines.next_line().await? {
        let upper = line.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            b"250-sink.test\r\n250 8BITMIME\r\n"
        } else if upper.starts_with("MAIL FROM") {
            recipients.clear();
            b"250 OK\r\n"
        } else if upper.starts_with("RCPT TO") {
            let addr = line
                .split(':')
                .nth(1)
                .unwrap_or("")
                .split_whitespace()
                .next()
                .unwrap_or("");
            recipients.push(addr.trim_matches(|c| c == '<' || c == '>').to_lowercase());
            b"250 OK\r\n"
        } else if upper == "DATA" {
            write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
            let mut data = String::new();
            while let Some(l) = lines.next_line().await? {
                if l == "." {
                    break;
                }
                data.push_str(&l);
                data.push('\n');
            }
            received.lock().unwrap().push(Received {
                recipients: std::mem::take(&mut recipients),
                data,
            });
            b"250 OK queued\r\n"
        } else if upper.starts_with("QUIT") {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else {
            b"250 OK\r\n"
        };
        write.write_all(reply).await?;
    }
    Ok(())
}
