//! `carebook serve`: the same UI and API as the desktop window, over HTTP on
//! 127.0.0.1 only. `POST /api/<command>` with JSON arguments calls
//! [`Api::dispatch`]; `POST /upload` takes a file to import as a raw body,
//! streamed to a private temporary file ([`Api::upload_create`]), and answers
//! `{"upload": token, "size": bytes}`; everything else is a file of the built UI.
//!
//! Only loopback clients can connect, and being on this computer is not
//! enough: every API call must carry the key drawn at random when the server
//! starts (header `X-CareBook-Key`). The key is in the fragment of the address
//! `serve` prints (`http://127.0.0.1:1420/#key=…`); a fragment never reaches
//! a server or a log, and the page reads it from there (`ui/src/lib/transport.ts`).
//! Another account on a shared shop computer, another program, or a web site
//! in the browser does not know it, and its calls get `403` and do nothing.
//! Calls from a browser must also come from this server's own pages (`Origin`
//! and `Sec-Fetch-Site`); requests whose `Host` is not the loopback address
//! are refused (DNS rebinding), API calls must be `application/json` and uploads
//! `application/octet-stream`, which a page on another site cannot send
//! without a CORS preflight that this server never grants. Every `/api` and
//! `/upload` request passes [`guard`] first; a printed report
//! (`/reports/<name>`) is opened by the browser itself and carries the key in
//! its query.

use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use carebook_api::{Api, ApiError, ErrorCode};

/// The same policy as the desktop window: nothing but this server.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
                   connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// The largest JSON API request (files to import come by `/upload`).
const API_BODY_LIMIT: usize = 28 * 1024 * 1024;
/// The largest upload: far more than the 2,000,000 rows an import reads.
const MAX_UPLOAD_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// The project's `ui/dist`, found from where this binary was built.
pub fn default_ui_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/dist")
}

struct AppState {
    api: Arc<Api>,
    ui: PathBuf,
    port: u16,
    /// The key every API call must carry, drawn at start.
    key: String,
}

/// The header that carries the key.
pub const KEY_HEADER: &str = "x-carebook-key";

/// 32 random bytes from the operating system, in hex: the key of one launch.
fn new_key() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| format!("cannot draw a random key: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Compares in time that does not depend on where the first difference is.
fn same_key(given: &[u8], key: &[u8]) -> bool {
    given.len() == key.len() && given.iter().zip(key).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// Why an API call is refused before it runs, or `None` when it may run:
/// it must name this server as its host, come from this server's pages when
/// a browser sends it, and carry the launch's key.
fn refusal(headers: &HeaderMap, port: u16, key: &str) -> Option<&'static str> {
    if !host_ok(headers, port) {
        return Some("requests must come from this computer");
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let own = [format!("http://127.0.0.1:{port}"), format!("http://localhost:{port}")];
        if !own.iter().any(|o| o.as_bytes() == origin.as_bytes()) {
            return Some("calls from other web sites are refused");
        }
    }
    if let Some(site) = headers.get("sec-fetch-site")
        && site.as_bytes() != b"same-origin"
    {
        return Some("calls from other web sites are refused");
    }
    match headers.get(KEY_HEADER) {
        Some(given) if same_key(given.as_bytes(), key.as_bytes()) => None,
        _ => Some("this call lacks the key of this CareBook server: open the address `carebook serve` printed"),
    }
}

pub fn run(api: Api, port: u16, ui: PathBuf) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port)))
            .await
            .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        let key = new_key()?;
        let state = Arc::new(AppState { api: Arc::new(api), ui, port, key });
        carebook_api::jobs::spawn(state.api.clone(), |_| {});
        let app = router(state.clone());
        // The first line is the address to open, key included (tests read it).
        println!("CareBook is serving http://127.0.0.1:{port}/#key={}", state.key);
        eprintln!("  database: {}", state.api.db_path().display());
        eprintln!("  press Ctrl+C to stop");
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                drop(tokio::signal::ctrl_c().await);
            })
            .await
            .map_err(|e| e.to_string())
    })
}

/// The routes: `/api/{cmd}`, `/upload`, and the UI's files.
fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/api/{cmd}", post(call).layer(axum::extract::DefaultBodyLimit::max(API_BODY_LIMIT)))
        // The upload streams to disk: no body limit but its own.
        .route("/upload", post(upload))
        .route("/reports/{name}", get(report))
        .fallback(static_file)
        .with_state(state)
}

/// The checks every `/api` and `/upload` request passes before anything is
/// read: the one place to add a header check.
#[allow(clippy::result_large_err)]
fn guard(state: &AppState, headers: &HeaderMap) -> Result<(), Response> {
    match refusal(headers, state.port, &state.key) {
        Some(why) => Err(error_response(StatusCode::FORBIDDEN, ApiError::bad_request(why))),
        None => Ok(()),
    }
}

fn content_type_is(headers: &HeaderMap, wanted: &str) -> bool {
    headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with(wanted))
}

fn host_ok(headers: &HeaderMap, port: u16) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else { return false };
    [format!("127.0.0.1:{port}"), format!("localhost:{port}")].iter().any(|ok| ok == host)
}

/// The HTTP status of an API error. Exhaustive: a new code needs a decision here.
fn status_for(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::Validation | ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict => StatusCode::CONFLICT,
        // The request was fine; the file it names (a backup to restore, the
        // book itself) cannot be used.
        ErrorCode::NewerSchema | ErrorCode::NotCarebook | ErrorCode::Corrupt | ErrorCode::NoBook => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        ErrorCode::Opening => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn error_response(status: StatusCode, e: ApiError) -> Response {
    (status, axum::Json(e)).into_response()
}

async fn call(
    State(state): State<Arc<AppState>>,
    UrlPath(cmd): UrlPath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(refused) = guard(&state, &headers) {
        return refused;
    }
    if !content_type_is(&headers, "application/json") {
        return error_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::bad_request("API calls must send Content-Type: application/json"),
        );
    }
    let args = if body.is_empty() {
        serde_json::Value::Null
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => return error_response(StatusCode::BAD_REQUEST, ApiError::bad_request(format!("bad JSON: {e}"))),
        }
    };
    let api = state.api.clone();
    // SQLite work blocks: keep it off the async workers.
    let result = tokio::task::spawn_blocking(move || api.dispatch(&cmd, args)).await;
    match result {
        Ok(Ok(value)) => axum::Json(value).into_response(),
        Ok(Err(e)) => error_response(status_for(e.code), e),
        Err(join) => error_response(StatusCode::INTERNAL_SERVER_ERROR, ApiError::internal(join.to_string())),
    }
}

/// `POST /upload`: the raw body, written to a private temporary file as it
/// arrives (the file is never held in memory), named by the token answered.
async fn upload(State(state): State<Arc<AppState>>, headers: HeaderMap, body: Body) -> Response {
    use http_body_util::BodyExt;
    use std::io::Write;

    if let Err(refused) = guard(&state, &headers) {
        return refused;
    }
    if !content_type_is(&headers, "application/octet-stream") {
        return error_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::bad_request("uploads must send Content-Type: application/octet-stream"),
        );
    }
    let api = state.api.clone();
    let (token, file) = match tokio::task::spawn_blocking(move || api.upload_create()).await {
        Ok(Ok(made)) => made,
        Ok(Err(e)) => return error_response(status_for(e.code), e),
        Err(join) => return error_response(StatusCode::INTERNAL_SERVER_ERROR, ApiError::internal(join.to_string())),
    };
    let mut out = std::io::BufWriter::with_capacity(256 * 1024, file);
    let mut body = body;
    let mut size: u64 = 0;
    let failed = loop {
        let frame = match body.frame().await {
            None => break None,
            Some(Ok(frame)) => frame,
            Some(Err(e)) => {
                break Some((StatusCode::BAD_REQUEST, ApiError::bad_request(format!("the upload broke off: {e}"))));
            }
        };
        let Ok(data) = frame.into_data() else { continue };
        size += data.len() as u64;
        if size > MAX_UPLOAD_BYTES {
            let e = ApiError::bad_request(format!("files up to {MAX_UPLOAD_BYTES} bytes can be uploaded"));
            break Some((StatusCode::PAYLOAD_TOO_LARGE, e));
        }
        // A write to a local file: brief, and the runtime has other workers.
        if let Err(e) = tokio::task::block_in_place(|| out.write_all(&data)) {
            break Some((
                StatusCode::INTERNAL_SERVER_ERROR,
                ApiError::internal(format!("cannot store the upload: {e}")),
            ));
        }
    };
    let failed = failed.or_else(|| {
        tokio::task::block_in_place(|| out.flush())
            .err()
            .map(|e| (StatusCode::INTERNAL_SERVER_ERROR, ApiError::internal(format!("cannot store the upload: {e}"))))
    });
    drop(out);
    if let Some((status, e)) = failed {
        state.api.upload_remove(&token);
        return error_response(status, e);
    }
    axum::Json(serde_json::json!({ "upload": token, "size": size })).into_response()
}

/// A printed report of the book's `reports/` folder, opened by the browser
/// itself (a new tab), so the key comes in the query: `?key=…`.
async fn report(
    State(state): State<Arc<AppState>>,
    UrlPath(name): UrlPath<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let given = uri.query().unwrap_or("").split('&').find_map(|kv| kv.strip_prefix("key=")).unwrap_or("");
    let mut with_key = headers.clone();
    if let Ok(v) = HeaderValue::from_str(given) {
        with_key.insert(KEY_HEADER, v);
    }
    // A tab opened by the page has no Origin; a link from another site is refused by its Sec-Fetch-Site.
    if let Err(refused) = guard(&state, &with_key) {
        return refused;
    }
    let api = state.api.clone();
    let read = tokio::task::spawn_blocking(move || {
        let path = carebook_api::reports::report_path(&api, &name)?;
        std::fs::read(&path).map_err(|e| ApiError::internal(format!("cannot read {}: {e}", path.display())))
    })
    .await;
    match read {
        Ok(Ok(bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("application/pdf")),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
            ],
            bytes,
        )
            .into_response(),
        Ok(Err(e)) => error_response(status_for(e.code), e),
        Err(join) => error_response(StatusCode::INTERNAL_SERVER_ERROR, ApiError::internal(join.to_string())),
    }
}

async fn static_file(State(state): State<Arc<AppState>>, headers: HeaderMap, uri: Uri) -> Response {
    if !host_ok(&headers, state.port) {
        return (StatusCode::FORBIDDEN, "requests must come from this computer").into_response();
    }
    let relative = uri.path().trim_start_matches('/');
    let relative = if relative.is_empty() { "index.html" } else { relative };
    let path = Path::new(relative);
    if path.components().any(|c| !matches!(c, Component::Normal(_))) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let file = state.ui.join(path);
    let Ok(bytes) = tokio::fs::read(&file).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mime = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("json") => "application/json",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    };
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_errors_map_to_http_statuses() {
        let table = [
            (ErrorCode::Validation, 400),
            (ErrorCode::BadRequest, 400),
            (ErrorCode::NotFound, 404),
            (ErrorCode::Conflict, 409),
            (ErrorCode::NewerSchema, 422),
            (ErrorCode::NotCarebook, 422),
            (ErrorCode::Corrupt, 422),
            (ErrorCode::NoBook, 422),
            (ErrorCode::Opening, 503),
            (ErrorCode::Internal, 500),
        ];
        for (code, status) in table {
            assert_eq!(status_for(code).as_u16(), status, "{code:?}");
        }
    }

    #[test]
    fn only_loopback_hosts_are_served() {
        let mut headers = HeaderMap::new();
        assert!(!host_ok(&headers, 1420), "no Host header");
        for (host, ok) in [
            ("127.0.0.1:1420", true),
            ("localhost:1420", true),
            ("evil.example:1420", false),
            ("127.0.0.1:9999", false),
        ] {
            headers.insert(header::HOST, HeaderValue::from_static(host));
            assert_eq!(host_ok(&headers, 1420), ok, "{host}");
        }
    }

    #[test]
    fn keys_are_random_and_long() {
        let (a, b) = (new_key().unwrap(), new_key().unwrap());
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b, "each launch draws its own key");
    }

    #[test]
    fn api_calls_need_the_key_and_this_servers_origin() {
        let key = "ab".repeat(32);
        let base = || {
            let mut h = HeaderMap::new();
            h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:1420"));
            h
        };
        let with = |pairs: &[(&'static str, &str)]| {
            let mut h = base();
            for (name, value) in pairs {
                h.insert(*name, HeaderValue::from_str(value).unwrap());
            }
            h
        };
        let other = "cd".repeat(32);
        let cases: Vec<(HeaderMap, bool, &str)> = vec![
            (base(), false, "no key"),
            (with(&[(KEY_HEADER, &key)]), true, "the key, no browser headers (a script of the owner's)"),
            (with(&[(KEY_HEADER, &other)]), false, "a wrong key"),
            (with(&[(KEY_HEADER, &key[..63])]), false, "a key cut short"),
            (
                with(&[(KEY_HEADER, &key), ("origin", "http://127.0.0.1:1420"), ("sec-fetch-site", "same-origin")]),
                true,
                "the page itself",
            ),
            (with(&[(KEY_HEADER, &key), ("origin", "http://localhost:1420")]), true, "the page as localhost"),
            (with(&[(KEY_HEADER, &key), ("origin", "https://evil.example")]), false, "another site's origin"),
            (with(&[(KEY_HEADER, &key), ("origin", "null")]), false, "an opaque origin"),
            (with(&[(KEY_HEADER, &key), ("origin", "http://127.0.0.1:9999")]), false, "another port"),
            (with(&[(KEY_HEADER, &key), ("sec-fetch-site", "cross-site")]), false, "a cross-site fetch"),
            (with(&[(KEY_HEADER, &key), ("sec-fetch-site", "same-site")]), false, "a same-site fetch"),
        ];
        for (headers, ok, what) in cases {
            assert_eq!(refusal(&headers, 1420, &key).is_none(), ok, "{what}");
        }
        let mut foreign = with(&[(KEY_HEADER, &key)]);
        foreign.insert(header::HOST, HeaderValue::from_static("evil.example:1420"));
        assert!(refusal(&foreign, 1420, &key).is_some(), "a foreign Host, key or not");
    }
}
