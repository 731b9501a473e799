//! Files the browser mode uploads before importing them. `carebook serve`
//! streams the raw body of `POST /upload` into a file of a private folder
//! (created for this process, readable by its user only, removed when the
//! [`Api`] goes) and answers with a token; `import_preview` and
//! `import_commit` then name the file by that token (`upload`), and the
//! readers stream its rows from disk. No file's bytes ever travel inside a
//! JSON call.

use std::collections::hash_map::RandomState;
use std::fs::File;
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::{Api, ApiError, Result};

/// The folder of uploads, made on the first upload.
#[derive(Debug, Default)]
pub(crate) struct Uploads {
    dir: OnceLock<PathBuf>,
}

impl Drop for Uploads {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.get() {
            drop(std::fs::remove_dir_all(dir));
        }
    }
}

/// 128 random bits in hex: std's hash keys come from the operating system's
/// random source, fresh for every `RandomState`.
fn random_hex() -> String {
    let mut out = String::with_capacity(32);
    for i in 0..2u64 {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(i);
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

/// A token as [`Api::upload_create`] makes them: 32 lowercase hex digits.
fn valid_token(token: &str) -> bool {
    token.len() == 32 && token.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn private_dir() -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("carebook-uploads-{}-{}", std::process::id(), &random_hex()[..12]));
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(&dir)?;
    Ok(dir)
}

impl Uploads {
    fn dir(&self) -> Result<&Path> {
        if let Some(dir) = self.dir.get() {
            return Ok(dir);
        }
        let made = private_dir().map_err(|e| ApiError::internal(format!("cannot make the upload folder: {e}")))?;
        if let Err(made) = self.dir.set(made) {
            drop(std::fs::remove_dir(made));
        }
        Ok(self.dir.get().expect("set above"))
    }

    /// The file of an upload that exists.
    pub(crate) fn path(&self, token: &str) -> Result<PathBuf> {
        let missing =
            || ApiError::not_found("that upload is not (or no longer) on this computer; choose the file again");
        if !valid_token(token) {
            return Err(missing());
        }
        let path = self.dir.get().ok_or_else(missing)?.join(token);
        if path.is_file() { Ok(path) } else { Err(missing()) }
    }
}

impl Api {
    /// A new, empty upload file (created only for this user) and its token.
    /// The caller writes the uploaded bytes into it; a failed upload is
    /// removed with [`Api::upload_remove`].
    pub fn upload_create(&self) -> Result<(String, File)> {
        let dir = self.uploads.dir()?;
        let token = random_hex();
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file =
            options.open(dir.join(&token)).map_err(|e| ApiError::internal(format!("cannot store the upload: {e}")))?;
        Ok((token, file))
    }

    /// Removes an upload (after a failed transfer, or once imported).
    pub fn upload_remove(&self, token: &str) {
        if let Ok(path) = self.uploads.path(token) {
            drop(std::fs::remove_file(path));
        }
    }
}
