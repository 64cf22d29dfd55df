//! A tiny HTTP proxy on 127.0.0.1 that serves `CONNECT host:port` tunnels, as corporate proxies
//! do for HTTPS, and records each tunnel's target (and any `Proxy-Authorization`).

#![allow(dead_code, reason = "each test binary uses a different part of the fake")]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// The running proxy.
pub struct Proxy {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    tunnels: Arc<Mutex<Vec<String>>>,
}

impl Proxy {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let tunnels = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&tunnels);
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let recorded = Arc::clone(&recorded);
                std::thread::spawn(move || tunnel(client, &recorded));
            }
        });
        Self { url, tunnels }
    }

    /// The targets of the tunnels opened so far.
    pub fn tunnels(&self) -> Vec<String> {
        self.tunnels.lock().expect("tunnels").clone()
    }
}

fn tunnel(client: TcpStream, recorded: &Mutex<Vec<String>>) {
    let Ok(mut writer) = client.try_clone() else { return };
    let mut reader = BufReader::new(client);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut parts = line.split_whitespace();
    let (Some("CONNECT"), Some(target)) = (parts.next(), parts.next()) else {
        let _ = writer.write_all(b"HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\n\r\n");
        return;
    };
    let target = target.to_owned();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
            break;
        }
    }
    recorded.lock().expect("tunnels").push(target.clone());
    let Ok(upstream) = TcpStream::connect(&target) else {
        let _ = writer.write_all(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n");
        return;
    };
    if writer.write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n").is_err() {
        return;
    }
    let (Ok(mut up_reader), Ok(mut up_writer)) = (upstream.try_clone(), upstream.try_clone()) else { return };
    // Bytes the reader buffered past the request's head belong to the tunnel.
    let buffered = reader.buffer().to_vec();
    if !buffered.is_empty() && up_writer.write_all(&buffered).is_err() {
        return;
    }
    let mut client_reader = reader.into_inner();
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut client_reader, &mut up_writer);
        let _ = up_writer.shutdown(std::net::Shutdown::Write);
    });
    let _ = std::io::copy(&mut up_reader, &mut writer);
    let _ = writer.shutdown(std::net::Shutdown::Write);
}
