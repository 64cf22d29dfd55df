//! Serves static/index.html, read from the working directory on every request, so a runtime
//! image without static/ answers 500.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("0.0.0.0:8080")?;
    println!("listening on :8080");
    for stream in listener.incoming() {
        let mut stream = stream?;
        let mut request_line = String::new();
        BufReader::new(&stream).read_line(&mut request_line)?;
        let (status, body) = if request_line.starts_with("GET /healthz ") {
            ("200 OK", "ok\n".to_owned())
        } else {
            match std::fs::read_to_string("static/index.html") {
                Ok(body) => ("200 OK", body),
                Err(error) => ("500 Internal Server Error", format!("{error}\n")),
            }
        };
        let response = format!(
            "HTTP/1.1 {status}\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(response.as_bytes())?;
    }
    Ok(())
}
