//! The browser mode's import of a large file: `carebook serve` takes the
//! file as a raw body on `POST /upload` (streamed to a private temporary
//! file), and `import_commit` names it by the token it answered. A 26 MB
//! CareBook export, past the old 20 MB ceiling, imports whole; uploads from
//! a foreign `Host` or with another content type are refused.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

struct Server {
    child: Child,
    port: u16,
    /// The launch key every `/api` call and upload carries.
    key: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.child.kill());
        drop(self.child.wait());
    }
}

fn serve(dir: &Path) -> Server {
    let db = dir.join("book.sqlite");
    let ui = dir.join("ui");
    std::fs::create_dir_all(&ui).unwrap();
    std::fs::write(ui.join("index.html"), "<!doctype html><title>CareBook</title>").unwrap();
    let bin = env!("CARGO_BIN_EXE_carebook");
    let made = Command::new(bin).args(["new", "--db", db.to_str().unwrap(), "--shop", "Tiệm thử"]).output().unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let mut child = Command::new(bin)
        .args(["serve", "--db", db.to_str().unwrap(), "--port", "0", "--ui", ui.to_str().unwrap()])
        .env("TMPDIR", dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    // "CareBook is serving http://127.0.0.1:PORT/#key=KEY"
    let address = line.trim().rsplit(' ').next().unwrap();
    let (origin, key) = address.split_once("/#key=").unwrap();
    let port = origin.rsplit(':').next().unwrap().parse().unwrap();
    Server { child, port, key: key.to_owned() }
}

/// One HTTP/1.1 request; the status and the body of the answer.
fn request(
    server: &Server,
    path: &str,
    host: &str,
    content_type: &str,
    body: &mut dyn Read,
    len: u64,
) -> (u16, String) {
    let (port, key) = (server.port, &server.key);
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {content_type}\r\nContent-Length: {len}\r\n\
         X-CareBook-Key: {key}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    // The server may answer (and close) before reading a refused body.
    drop(std::io::copy(body, &mut s));
    let mut answer = Vec::new();
    s.read_to_end(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer.split(' ').nth(1).unwrap().parse().unwrap();
    let body = answer.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// A file in CareBook's export format, `bytes` or more, wide rows of
/// customers with their own phone and email.
fn large_export(path: &Path, bytes: usize) -> usize {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    out.write_all(
        "\u{feff}Mã khách hàng,Họ và tên,Số điện thoại,Email,Ngày sinh,Loại lịch,Giới tính,Địa chỉ,Loại khách hàng,\
         Nguồn khách,Nhãn,Ghi chú,Đồng ý nhận ưu đãi,Ngày đồng ý / rút lại,Kênh liên lạc ưa thích,Điểm tích luỹ,\
         Hạng thành viên,Số lần mua,Tổng chi tiêu,Mua gần nhất,Ngày lưu trữ,Ngày tạo,Cập nhật lần cuối\n"
            .as_bytes(),
    )
    .unwrap();
    let notes = "Khách quen, thích bánh kem ít đường, hay đặt trước qua Zalo vào cuối tuần. ".repeat(9);
    let (mut written, mut n) = (0, 0);
    while written < bytes {
        n += 1;
        let line = format!(
            "{n},Trần Thị Khách {n},03{:08},khach{n}@example.com,29/02/1967,Âm lịch,Nữ,\
             \"{n} Lê Lợi, Quận 1, TP. Hồ Chí Minh\",Khách hàng bên ngoài,Zalo,VIP,\"{notes}\",Đồng ý,01/03/2025,\
             Zalo,12,Vàng,3,\"1.250.000 ₫\",20/11/2026,,01/03/2025 09:00:00,20/11/2026 18:00:00\n",
            80_000_000 + n
        );
        out.write_all(line.as_bytes()).unwrap();
        written += line.len();
    }
    out.flush().unwrap();
    n
}

#[test]
fn a_26_mb_export_uploads_and_imports_through_the_browser_mode() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(dir.path());
    let host = format!("127.0.0.1:{}", server.port);

    // Refused before anything is stored.
    let (status, _) = request(&server, "/upload", "evil.example", "application/octet-stream", &mut &b"x"[..], 1);
    assert_eq!(status, 403);
    let (status, _) = request(&server, "/upload", &host, "text/plain", &mut &b"x"[..], 1);
    assert_eq!(status, 415, "a form of another site cannot upload");

    let file = dir.path().join("khach-hang.csv");
    let rows = large_export(&file, 26 * 1024 * 1024);
    let size = std::fs::metadata(&file).unwrap().len();
    assert!(size > 26 * 1024 * 1024);
    let (status, body) =
        request(&server, "/upload", &host, "application/octet-stream", &mut std::fs::File::open(&file).unwrap(), size);
    assert_eq!(status, 200, "{body}");
    let uploaded = json(&body);
    assert_eq!(uploaded["size"], size);
    let token = uploaded["upload"].as_str().unwrap().to_owned();

    // The upload sits in a folder of its own, readable by this user only.
    let folder = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("carebook-uploads-"))
        .expect("the upload folder");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&folder).unwrap().permissions().mode() & 0o777, 0o700);
        assert_eq!(std::fs::metadata(folder.join(&token)).unwrap().permissions().mode() & 0o777, 0o600);
    }
    assert_eq!(std::fs::metadata(folder.join(&token)).unwrap().len(), size, "stored whole");

    let args = serde_json::json!({ "fileName": "khach-hang.csv", "upload": token }).to_string();
    let (status, body) =
        request(&server, "/api/import_preview", &host, "application/json", &mut args.as_bytes(), args.len() as u64);
    assert_eq!(status, 200, "{body}");
    let preview = json(&body);
    assert_eq!(preview["kind"], "carebook_export");
    assert_eq!(preview["counts"]["new"], rows);
    assert_eq!(preview["counts"]["problem"], 0, "lunar 29/02 is a day of the lunar calendar");

    let (status, body) =
        request(&server, "/api/import_commit", &host, "application/json", &mut args.as_bytes(), args.len() as u64);
    assert_eq!(status, 200, "{body}");
    let result = json(&body);
    assert_eq!(result["batch"]["customersCreated"], rows);
    assert!(!folder.join(&token).exists(), "an imported upload is removed");

    let info = "{}";
    let (_, body) =
        request(&server, "/api/app_info", &host, "application/json", &mut info.as_bytes(), info.len() as u64);
    assert_eq!(json(&body)["customerCount"], rows);
}

#[test]
fn a_26_mb_export_imports_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.sqlite");
    let bin = env!("CARGO_BIN_EXE_carebook");
    let made = Command::new(bin).args(["new", "--db", db.to_str().unwrap(), "--shop", "Tiệm thử"]).output().unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let file = dir.path().join("khach-hang.csv");
    let rows = large_export(&file, 26 * 1024 * 1024);
    let out =
        Command::new(bin).args(["import", "--db", db.to_str().unwrap(), file.to_str().unwrap()]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains(&format!("{rows} customers created")), "{stdout}");
    assert!(stdout.contains(&format!("rows: {rows} — {rows} new")), "{stdout}");
}
