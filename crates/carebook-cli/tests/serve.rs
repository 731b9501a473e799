//! `carebook serve` over real HTTP: an API call without the launch's key, or
//! from another site, is refused with 403 and does nothing.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

struct Server {
    child: Child,
    port: u16,
    key: String,
    _dir: Option<tempfile::TempDir>,
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.child.kill());
        drop(self.child.wait());
    }
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_carebook")
}

fn start() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.sqlite");
    run(dir.path(), &["new", "--db", db.to_str().unwrap(), "--shop", "Tiệm Hoa"]);
    serve(dir, &["--db", db.to_str().unwrap()])
}

/// The app-data folder of a home of its own under `root` (Linux layout).
fn data(root: &Path) -> std::path::PathBuf {
    root.join("data")
}

fn command(root: &Path) -> Command {
    let mut c = Command::new(bin());
    c.env_remove("CAREBOOK_DB").env("HOME", root.join("home")).env("XDG_DATA_HOME", data(root));
    c
}

fn run(root: &Path, args: &[&str]) {
    let out = command(root).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// `carebook serve` with `args` (plus a port and a UI), in the home under `dir`.
fn serve(dir: tempfile::TempDir, args: &[&str]) -> Server {
    let root = dir.path().to_path_buf();
    serve_in(&root, args, Some(dir))
}

/// `carebook serve` in the home under `root`; `keep` is removed with the server.
fn serve_in(root: &Path, args: &[&str], keep: Option<tempfile::TempDir>) -> Server {
    let ui = root.join("ui");
    drop(std::fs::create_dir(&ui));
    std::fs::write(ui.join("index.html"), "<!doctype html><title>CareBook</title>").unwrap();
    let mut child = command(root)
        .arg("serve")
        .args(args)
        .args(["--port", "0", "--ui", ui.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    // `CareBook is serving http://127.0.0.1:PORT/#key=KEY`
    let url = line.split_whitespace().last().unwrap_or_default().to_owned();
    let rest = url.strip_prefix("http://127.0.0.1:").unwrap_or_else(|| panic!("printed: {line}"));
    let (port, fragment) = rest.split_once('/').unwrap();
    let key = fragment.strip_prefix("#key=").unwrap_or_else(|| panic!("no key in the printed address: {line}"));
    Server { child, port: port.parse().unwrap(), key: key.to_owned(), _dir: keep }
}

/// Sends one request; returns the status and the body.
fn request(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (name, value) in headers {
        req.push_str(&format!("{name}: {value}\r\n"));
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(req.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

fn call(s: &Server, cmd: &str, extra: &[(&str, &str)], body: &str) -> (u16, String) {
    let mut headers = vec![("Content-Type", "application/json")];
    headers.extend_from_slice(extra);
    request(s.port, "POST", &format!("/api/{cmd}"), &headers, body)
}

const NEW_CUSTOMER: &str = r#"{"input":{"name":"Nguyễn Văn An","phones":["0901234567"]}}"#;

fn customers(s: &Server) -> u64 {
    let (status, body) = call(s, "customer_list", &[("X-CareBook-Key", &s.key)], "{}");
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    v["total"].as_u64().unwrap_or_else(|| panic!("no total in {body}"))
}

#[test]
fn calls_without_the_key_or_from_another_site_are_refused_and_do_nothing() {
    let s = start();
    assert_eq!(s.key.len(), 64, "the printed address carries a 256-bit key");
    let before = customers(&s);

    let refused: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("no key", vec![]),
        ("a wrong key", vec![("X-CareBook-Key", "0000")]),
        ("another site, right key", vec![("X-CareBook-Key", &s.key), ("Origin", "https://evil.example")]),
        ("a cross-site fetch, right key", vec![("X-CareBook-Key", &s.key), ("Sec-Fetch-Site", "cross-site")]),
    ];
    for (what, headers) in &refused {
        let (status, body) = call(&s, "customer_create", headers, NEW_CUSTOMER);
        assert_eq!(status, 403, "{what}: {body}");
        let (status, _) = call(&s, "backup_now", headers, r#"{"path":"/tmp/stolen.sqlite"}"#);
        assert_eq!(status, 403, "{what}: backup_now");
        let (status, _) = call(&s, "app_info", headers, "{}");
        assert_eq!(status, 403, "{what}: even a read");
    }
    assert_eq!(customers(&s), before, "no refused call wrote anything");

    let page = [("X-CareBook-Key", s.key.as_str()), ("Origin", &*format!("http://127.0.0.1:{}", s.port))];
    let (status, body) =
        call(&s, "customer_create", &[page[0], ("Origin", page[1].1), ("Sec-Fetch-Site", "same-origin")], NEW_CUSTOMER);
    assert_eq!(status, 200, "the served page with its key: {body}");
    assert_eq!(customers(&s), before + 1);

    // The page itself (no data in it) is served without the key: it reads the key from its address.
    let (status, body) = request(s.port, "GET", "/", &[], "");
    assert_eq!(status, 200);
    assert!(body.contains("CareBook"));
    assert!(!body.contains(&s.key), "the key is never in what the server sends");
}

#[test]
fn each_launch_has_its_own_key() {
    let (a, b) = (start(), start());
    assert_ne!(a.key, b.key);
    let (status, _) = call(&b, "app_info", &[("X-CareBook-Key", &a.key)], "{}");
    assert_eq!(status, 403, "a key of another launch does not open this one");
}

#[test]
fn the_server_listens_on_loopback_only() {
    let s = start();
    // Every address of this computer but loopback: none may accept.
    let out = Command::new("hostname").arg("-I").output();
    let Ok(out) = out else { return };
    for ip in String::from_utf8_lossy(&out.stdout).split_whitespace() {
        let Ok(addr) = ip.parse::<std::net::IpAddr>() else { continue };
        if addr.is_loopback() {
            continue;
        }
        let sock = std::net::SocketAddr::new(addr, s.port);
        assert!(
            TcpStream::connect_timeout(&sock, std::time::Duration::from_millis(500)).is_err(),
            "{sock} accepted a connection"
        );
    }
}

#[test]
fn serve_moves_the_book_and_opens_it_where_it_went() {
    let home = tempfile::tempdir().unwrap();
    let root = home.path().to_path_buf();
    run(&root, &["new", "--shop", "Tiệm Hoa"]);
    let old = data(&root).join("carebook/carebook.sqlite");
    assert!(old.is_file());
    let s = serve_in(&root, &[], None);
    let key = [("X-CareBook-Key", s.key.as_str())];
    call(&s, "customer_create", &key, NEW_CUSTOMER);
    let local = root.join("local");
    let (status, body) = call(&s, "storage_move", &key, &format!(r#"{{"to":{:?}}}"#, local.display().to_string()));
    assert_eq!(status, 200, "{body}");
    let moved: serde_json::Value = serde_json::from_str(&body).unwrap();
    let new = local.join("carebook.sqlite");
    assert_eq!(moved["to"], new.display().to_string());
    assert_eq!(moved["remembered"], true, "serve follows moves of the default book");
    assert_eq!(moved["oldKeptAs"], format!("{}.moved", old.display()));
    assert!(!old.exists(), "nothing can open the old name and write to a second book");
    let location = std::fs::read_to_string(data(&root).join("carebook/location.json")).unwrap();
    assert!(location.contains(&*new.display().to_string()), "{location}");
    drop(s);

    // The next start, serve or any command, opens the moved book.
    let out = command(&root).args(["search", "--json", "an"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Nguyễn Văn An"), "{}", String::from_utf8_lossy(&out.stderr));
    let s = serve_in(&root, &[], None);
    let (status, body) = call(&s, "app_info", &[("X-CareBook-Key", &s.key)], "{}");
    assert_eq!(status, 200);
    let info: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(info["dbPath"], new.display().to_string(), "serve opened the moved book");
    drop(s);
    drop(home);
}
