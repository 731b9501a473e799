//! A file that appears at its destination whole, or not at all.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::{ExportError, Result};

static NEXT: AtomicU32 = AtomicU32::new(0);

/// Writes go to a temporary file beside `target`; [`AtomicFile::commit`]
/// flushes it to disk and renames it over `target`. Dropped without a
/// commit (an error on the way), the temporary file is removed and `target`
/// is left as it was.
#[derive(Debug)]
pub struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    file: Option<BufWriter<File>>,
}

impl AtomicFile {
    pub fn create(target: &Path) -> Result<AtomicFile> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let io = |source| ExportError::Io { path: target.to_path_buf(), source };
        loop {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let temp = dir.join(format!(".{name}.{}-{n}.part", std::process::id()));
            // A new name (O_EXCL: never an existing file or link), readable
            // by its owner only: exports hold customers' personal data.
            let mut options = OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            match options.open(&temp) {
                Ok(f) => {
                    return Ok(AtomicFile {
                        target: target.to_path_buf(),
                        temp,
                        file: Some(BufWriter::with_capacity(256 * 1024, f)),
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(io(e)),
            }
        }
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    fn file(&mut self) -> std::io::Result<&mut BufWriter<File>> {
        self.file.as_mut().ok_or_else(|| std::io::Error::other("the file was already committed"))
    }

    /// Makes the file durable and puts it at its destination. Returns its size.
    pub fn commit(mut self) -> Result<u64> {
        let io = |source| ExportError::Io { path: self.target.clone(), source };
        let file = self.file.take().ok_or_else(|| io(std::io::Error::other("the file was already committed")))?;
        let file = file.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)?;
        let size = file.metadata().map_err(io)?.len();
        drop(file);
        std::fs::rename(&self.temp, &self.target).map_err(io)?;
        // The rename itself must survive a power cut: sync the directory.
        #[cfg(unix)]
        if let Some(dir) = self.target.parent().filter(|p| !p.as_os_str().is_empty())
            && let Ok(d) = File::open(dir)
        {
            drop(d.sync_all());
        }
        Ok(size)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file()?.write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.file()?.write_all(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file()?.flush()
    }
}

impl Seek for AtomicFile {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.file()?.seek(pos)
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            drop(std::fs::remove_file(&self.temp));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn committed_file_replaces_the_target_whole() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("book.json");
        std::fs::write(&target, "old").unwrap();
        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"new content").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old", "the target is untouched until the commit");
        assert_eq!(f.commit().unwrap(), 11);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new content");
        assert_eq!(entries(dir.path()), ["book.json"], "no temporary file is left behind");
    }

    #[test]
    fn abandoned_file_leaves_nothing_and_keeps_the_old_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("book.json");
        std::fs::write(&target, "old").unwrap();
        {
            let mut f = AtomicFile::create(&target).unwrap();
            f.write_all(&[b'x'; 300_000]).unwrap();
            // An error on the way: dropped without commit.
        }
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old", "a failed export does not clobber the old file");
        assert_eq!(entries(dir.path()), ["book.json"], "the partial file is removed");
    }

    #[cfg(unix)]
    #[test]
    fn exports_are_readable_by_their_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("book.json");
        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"{}").unwrap();
        f.commit().unwrap();
        let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{mode:o}");
    }

    #[test]
    fn a_destination_that_cannot_be_created_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let not_a_dir = dir.path().join("file.txt");
        std::fs::write(&not_a_dir, "x").unwrap();
        let err = AtomicFile::create(&not_a_dir.join("out.csv")).unwrap_err();
        assert!(err.to_string().contains("out.csv"), "the message names the destination: {err}");
        assert_eq!(entries(dir.path()), ["file.txt"]);
    }
}
