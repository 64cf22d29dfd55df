//! Tiny std-only HTTP server used as a slimfile demo input.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;

const ADDR: &str = "0.0.0.0:8080";

// As PID 1 in a container, SIGTERM is ignored unless we install a handler,
// so `docker stop` would hang for 10s. A tiny libc binding avoids a crate.
#[cfg(unix)]
mod shutdown {
    const SIGTERM: i32 = 15;

    extern "C" {
        fn signal(signum: i32, handler: extern "C" fn(i32)) -> usize;
        fn _exit(status: i32) -> !;
    }

    extern "C" fn on_sigterm(_: i32) {
        // Only async-signal-safe calls are allowed here.
        unsafe { _exit(0) }
    }

    pub fn install() {
        unsafe {
            signal(SIGTERM, on_sigterm);
        }
    }
}

fn respond(stream: &mut TcpStream, status: &str, body: &str) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()
}

fn handle(mut stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;

    // Drain the headers; we do not need them.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 0 && header != "\r\n" && header != "\n" {
        header.clear();
    }

    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let path = parts.next().unwrap_or("").split('?').next().unwrap_or("");

    match (method, path) {
        ("GET", "/") => respond(&mut stream, "200 OK", "hello from rust\n"),
        ("GET", "/healthz") => respond(&mut stream, "200 OK", "ok\n"),
        _ => respond(&mut stream, "404 Not Found", "not found\n"),
    }
}

fn main() -> std::io::Result<()> {
    #[cfg(unix)]
    shutdown::install();

    let listener = TcpListener::bind(ADDR)?;
    println!("listening on {ADDR}");
    for stream in listener.incoming() {
        match stream {
            Ok(stream) => {
                thread::spawn(move || {
                    if let Err(e) = handle(stream) {
                        eprintln!("connection error: {e}");
                    }
                });
            }
            Err(e) => eprintln!("accept error: {e}"),
        }
    }
    Ok(())
}
