//! One HTTP GET against a published container port, retried until the server answers: a server
//! needs a moment to start, and docker's port proxy accepts connections before it listens.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// The answer to a probe.
#[derive(Debug, PartialEq, Eq)]
pub struct HttpAnswer {
    /// The status code.
    pub status: u16,
    /// The body, as text.
    pub body: String,
}

/// GETs `path` from `address` until an answer comes or `deadline` passes; `still_up` is asked
/// between attempts, so a server that exited is not waited for.
pub fn get(
    address: SocketAddr,
    path: &str,
    deadline: Instant,
    mut still_up: impl FnMut() -> bool,
) -> Result<HttpAnswer, String> {
    loop {
        let last = match attempt(address, path) {
            Ok(answer) => return Ok(answer),
            Err(error) => error,
        };
        if Instant::now() >= deadline {
            return Err(format!("no HTTP answer on {address} in time ({last})"));
        }
        if !still_up() {
            return Err(format!("the container stopped before answering ({last})"));
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

fn attempt(address: SocketAddr, path: &str) -> Result<HttpAnswer, String> {
    let timeout = Duration::from_secs(10);
    let mut stream = TcpStream::connect_timeout(&address, timeout).map_err(|e| e.to_string())?;
    stream.set_read_timeout(Some(timeout)).map_err(|e| e.to_string())?;
    // HTTP/1.0 with Connection: close, so the body ends where the stream ends (no chunking).
    let request = format!("GET {path} HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).map_err(|e| e.to_string())?;
    parse(&response)
}

/// Reads a status line and a body from a whole HTTP/1.x response.
fn parse(response: &[u8]) -> Result<HttpAnswer, String> {
    let text = String::from_utf8_lossy(response);
    let (head, body) = text.split_once("\r\n\r\n").ok_or_else(|| {
        if response.is_empty() {
            "the connection closed without an answer".to_owned()
        } else {
            "a truncated answer".to_owned()
        }
    })?;
    let status_line = head.lines().next().unwrap_or_default();
    let mut parts = status_line.split_whitespace();
    let status = match (parts.next(), parts.next()) {
        (Some(version), Some(code)) if version.starts_with("HTTP/") => code.parse().ok(),
        _ => None,
    };
    let status = status.ok_or_else(|| format!("not an HTTP status line: {status_line:?}"))?;
    Ok(HttpAnswer { status, body: body.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    #[test]
    fn reads_status_and_body() {
        let answer = parse(b"HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nok\n").expect("parses");
        assert_eq!(answer, HttpAnswer { status: 200, body: "ok\n".to_owned() });
        assert!(parse(b"").is_err_and(|e| e.contains("without an answer")));
        assert!(parse(b"SSH-2.0\r\n\r\n").is_err_and(|e| e.contains("not an HTTP status line")));
    }

    #[test]
    fn retries_until_the_server_answers() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let address = listener.local_addr().expect("address");
        let server = std::thread::spawn(move || {
            // The first connection is closed unanswered, as a port proxy does before the server
            // listens; the second is answered.
            drop(listener.accept().expect("first"));
            let (mut stream, _) = listener.accept().expect("second");
            let mut request = [0u8; 512];
            let _ = stream.read(&mut request);
            stream.write_all(b"HTTP/1.1 404 Not Found\r\n\r\nnope").expect("answer");
        });
        let answer = get(address, "/x", Instant::now() + Duration::from_secs(20), || true).expect("answered");
        assert_eq!(answer, HttpAnswer { status: 404, body: "nope".to_owned() });
        server.join().expect("server thread");
    }

    #[test]
    fn a_stopped_container_is_not_waited_for() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let address = listener.local_addr().expect("address");
        drop(listener);
        let error = get(address, "/", Instant::now() + Duration::from_secs(60), || false).expect_err("nobody listens");
        assert!(error.starts_with("the container stopped before answering"), "{error}");
    }
}
