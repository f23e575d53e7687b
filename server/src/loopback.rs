//! A minimal HTTP/1.1 client for the load and crash programs: one request per connection, so a
//! server killed mid-request shows up as an error of that request only.

use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub struct Reply {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

impl Reply {
    /// The `opora_session=…` pair of a login's `Set-Cookie`.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers.lines().find_map(|line| {
            let (name, value) = line.split_once(':')?;
            (name.eq_ignore_ascii_case("set-cookie") && value.trim_start().starts_with("opora_session="))
                .then(|| value.trim().split(';').next().unwrap_or_default().to_string())
        })
    }
}

/// POSTs `body` to `path` on 127.0.0.1:`port` as a same-origin browser would.
pub async fn post(
    port: u16,
    path: &str,
    content_type: &str,
    body: &str,
    cookie: Option<&str>,
) -> std::io::Result<Reply> {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
    let cookie = cookie.map(|c| format!("Cookie: {c}\r\n")).unwrap_or_default();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nContent-Type: {content_type}\r\n\
         Accept: application/json\r\n{cookie}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await?;
    read_reply(stream).await
}

/// GETs `path` (no session).
pub async fn get(port: u16, path: &str) -> std::io::Result<Reply> {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
    stream
        .write_all(format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").as_bytes())
        .await?;
    read_reply(stream).await
}

async fn read_reply(mut stream: tokio::net::TcpStream) -> std::io::Result<Reply> {
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (headers, body) = text.split_once("\r\n\r\n").ok_or_else(|| std::io::Error::other("no end of headers"))?;
    let status =
        headers.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| std::io::Error::other("no status"))?;
    let chunked = headers.to_ascii_lowercase().contains("transfer-encoding: chunked");
    let body = if chunked { unchunk(body) } else { body.to_string() };
    Ok(Reply { status, headers: headers.to_string(), body })
}

fn unchunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else { break };
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

/// Listens to a server-sent event stream (`GET path` with the session's cookie) until `until`,
/// calling `on_event` for each event; the number of events heard.
pub async fn listen(
    port: u16,
    path: &str,
    cookie: &str,
    until: std::time::Instant,
    mut on_event: impl FnMut(&str),
) -> std::io::Result<usize> {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
    stream
        .write_all(
            format!(
                "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\nCookie: {cookie}\r\n\r\n"
            )
            .as_bytes(),
        )
        .await?;
    let mut heard = 0;
    let mut buffer = [0u8; 8192];
    let mut carry = String::new();
    loop {
        let left = until.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return Ok(heard);
        }
        match tokio::time::timeout(left, stream.read(&mut buffer)).await {
            Err(_) => return Ok(heard),
            Ok(Ok(0)) => return Ok(heard),
            Ok(Ok(n)) => {
                carry.push_str(&String::from_utf8_lossy(&buffer[..n]));
                // An event ends with an empty line; keep-alive comments start with «:».
                while let Some(end) = carry.find("\n\n") {
                    let event: String = carry.drain(..end + 2).collect();
                    if let Some(data) = event.lines().find_map(|l| l.strip_prefix("data:")) {
                        heard += 1;
                        on_event(data.trim());
                    }
                }
            }
            Ok(Err(err)) => return Err(err),
        }
    }
}
