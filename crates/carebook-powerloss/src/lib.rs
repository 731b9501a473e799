//! A power cut, replayed: a SQLite VFS wrapped around the system's own that
//! remembers, for every file under a chosen folder, its content as of the
//! last `xSync`, what the disk holds for sure. A write that was not synced
//! yet is what a power cut loses (the operating system's cache goes with the
//! power; a `SIGKILL` keeps it, which is why a kill test proves atomicity but
//! not durability).
//!
//! [`install`] makes the VFS SQLite's default for the process. [`arm`]
//! starts taking *images*: every `every`-th write, truncate or sync of a
//! watched file, just before it happens, the synced content of every watched
//! file is written to a new folder, with the number of writes the program
//! had acknowledged at that moment ([`acknowledge`]). A test then opens each
//! image as the disk would be after the power came back, and checks that
//! every acknowledged write is there and nothing is half there.
//!
//! Test support only: it is slow (every sync reads the whole file) and keeps
//! the synced content of every watched file in memory.

use std::collections::HashMap;
use std::ffi::{CStr, c_char, c_int, c_void};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

use rusqlite::ffi;

/// One replayed power cut: the folder holding the files as the disk held
/// them, and how many writes had been acknowledged then.
#[derive(Debug, Clone)]
pub struct Image {
    pub dir: PathBuf,
    pub acknowledged: u64,
}

#[derive(Default)]
struct State {
    /// Files under this folder are watched.
    root: Option<PathBuf>,
    /// What the disk holds for sure: each watched file's content at its last sync.
    durable: HashMap<PathBuf, Vec<u8>>,
    every: u64,
    events: u64,
    out: Option<PathBuf>,
    acknowledged: u64,
    images: Vec<Image>,
    syncs: u64,
}

static STATE: Mutex<Option<State>> = Mutex::new(None);
static INSTALL: Once = Once::new();

fn with_state<T>(f: impl FnOnce(&mut State) -> T) -> T {
    let mut guard = STATE.lock().unwrap_or_else(|p| p.into_inner());
    f(guard.get_or_insert_with(State::default))
}

/// Makes the recording VFS the process's default (once).
pub fn install() {
    INSTALL.call_once(|| {
        // SAFETY: the default VFS exists for the process's life; the new one
        // is leaked, so it outlives every connection.
        unsafe {
            let inner = ffi::sqlite3_vfs_find(std::ptr::null());
            assert!(!inner.is_null(), "SQLite has no default VFS");
            let mut vfs: ffi::sqlite3_vfs = *inner;
            vfs.iVersion = (*inner).iVersion.min(3);
            vfs.szOsFile = std::mem::size_of::<Shim>() as c_int;
            vfs.pNext = std::ptr::null_mut();
            vfs.zName = c"carebook-powerloss".as_ptr();
            vfs.pAppData = inner.cast();
            vfs.xOpen = Some(x_open);
            vfs.xDelete = Some(x_delete);
            vfs.xAccess = Some(x_access);
            vfs.xFullPathname = Some(x_full_pathname);
            let vfs = Box::leak(Box::new(vfs));
            let rc = ffi::sqlite3_vfs_register(vfs, 1);
            assert_eq!(rc, ffi::SQLITE_OK, "cannot register the recording VFS");
        }
    });
}

/// Watches the files under `root` from now on, forgetting earlier ones.
pub fn watch(root: &Path) {
    with_state(|s| {
        *s = State { root: Some(root.to_path_buf()), ..State::default() };
    });
}

/// Takes an image every `every` events into numbered folders under `out`.
pub fn arm(every: u64, out: &Path) {
    with_state(|s| {
        s.every = every.max(1);
        s.events = 0;
        s.out = Some(out.to_path_buf());
    });
}

/// The program says one more write was acknowledged (its commit returned).
pub fn acknowledge() {
    with_state(|s| s.acknowledged += 1);
}

/// Stops taking images; returns them, and the number of syncs seen.
pub fn disarm() -> (Vec<Image>, u64) {
    with_state(|s| {
        s.out = None;
        (std::mem::take(&mut s.images), s.syncs)
    })
}

/// An image right now (as if the power went out between two calls).
pub fn image_now() {
    with_state(take_image);
}

fn take_image(s: &mut State) {
    let Some(out) = &s.out else { return };
    let dir = out.join(format!("{:05}", s.images.len()));
    std::fs::create_dir_all(&dir).expect("image folder");
    for (path, bytes) in &s.durable {
        if let Some(name) = path.file_name() {
            std::fs::write(dir.join(name), bytes).expect("image file");
        }
    }
    s.images.push(Image { dir, acknowledged: s.acknowledged });
}

/// Counts an event on a watched file; takes an image first when it is due.
fn event() {
    with_state(|s| {
        if s.out.is_none() {
            return;
        }
        s.events += 1;
        if s.events.is_multiple_of(s.every) {
            take_image(s);
        }
    });
}

fn watched(path: &Path) -> bool {
    with_state(|s| s.root.as_deref().is_some_and(|r| path.starts_with(r)))
}

/// The file as SQLite opened it, followed by the system VFS's own file.
#[repr(C)]
struct Shim {
    base: ffi::sqlite3_file,
    inner: *mut ffi::sqlite3_file,
    /// Owns the memory `inner` points into.
    inner_mem: *mut Vec<u64>,
    /// The watched file's path, or null.
    path: *mut PathBuf,
}

static METHODS: ffi::sqlite3_io_methods = ffi::sqlite3_io_methods {
    iVersion: 3,
    xClose: Some(x_close),
    xRead: Some(x_read),
    xWrite: Some(x_write),
    xTruncate: Some(x_truncate),
    xSync: Some(x_sync),
    xFileSize: Some(x_file_size),
    xLock: Some(x_lock),
    xUnlock: Some(x_unlock),
    xCheckReservedLock: Some(x_check_reserved_lock),
    xFileControl: Some(x_file_control),
    xSectorSize: Some(x_sector_size),
    xDeviceCharacteristics: Some(x_device_characteristics),
    xShmMap: Some(x_shm_map),
    xShmLock: Some(x_shm_lock),
    xShmBarrier: Some(x_shm_barrier),
    xShmUnmap: Some(x_shm_unmap),
    xFetch: Some(x_fetch),
    xUnfetch: Some(x_unfetch),
};

unsafe fn inner_vfs(vfs: *mut ffi::sqlite3_vfs) -> *mut ffi::sqlite3_vfs {
    // SAFETY: `pAppData` is the system VFS, set in `install`.
    unsafe { (*vfs).pAppData.cast() }
}

unsafe fn path_of(name: *const c_char) -> Option<PathBuf> {
    if name.is_null() {
        return None;
    }
    // SAFETY: SQLite passes a NUL-terminated name.
    let text = unsafe { CStr::from_ptr(name) }.to_str().ok()?;
    Some(PathBuf::from(text))
}

unsafe extern "C" fn x_open(
    vfs: *mut ffi::sqlite3_vfs,
    name: ffi::sqlite3_filename,
    file: *mut ffi::sqlite3_file,
    flags: c_int,
    out_flags: *mut c_int,
) -> c_int {
    // SAFETY: SQLite gives `szOsFile` bytes at `file`; the inner file gets
    // memory of its own, freed in `x_close`.
    unsafe {
        let inner_vfs = inner_vfs(vfs);
        let words = ((*inner_vfs).szOsFile as usize).div_ceil(8).max(1);
        let mem = Box::into_raw(Box::new(vec![0u64; words]));
        let inner = (*mem).as_mut_ptr().cast::<ffi::sqlite3_file>();
        let shim = file.cast::<Shim>();
        (*shim).base.pMethods = std::ptr::null();
        let rc = ((*inner_vfs).xOpen.expect("xOpen"))(inner_vfs, name, inner, flags, out_flags);
        if rc != ffi::SQLITE_OK {
            drop(Box::from_raw(mem));
            return rc;
        }
        let path = path_of(name).filter(|p| watched(p));
        if let Some(p) = &path {
            with_state(|s| {
                if !s.durable.contains_key(p) {
                    // What is there when first opened is on the disk already.
                    s.durable.insert(p.clone(), std::fs::read(p).unwrap_or_default());
                }
            });
        }
        (*shim).inner = inner;
        (*shim).inner_mem = mem;
        (*shim).path = path.map_or(std::ptr::null_mut(), |p| Box::into_raw(Box::new(p)));
        (*shim).base.pMethods = &METHODS;
        ffi::SQLITE_OK
    }
}

unsafe extern "C" fn x_delete(vfs: *mut ffi::sqlite3_vfs, name: *const c_char, sync_dir: c_int) -> c_int {
    // SAFETY: forwarded as SQLite called it, to the system VFS.
    unsafe {
        let inner_vfs = inner_vfs(vfs);
        let rc = ((*inner_vfs).xDelete.expect("xDelete"))(inner_vfs, name, sync_dir);
        if rc == ffi::SQLITE_OK
            && let Some(p) = path_of(name)
        {
            with_state(|s| {
                s.durable.remove(&p);
            });
        }
        rc
    }
}

unsafe extern "C" fn x_access(vfs: *mut ffi::sqlite3_vfs, name: *const c_char, flags: c_int, out: *mut c_int) -> c_int {
    // SAFETY: forwarded as SQLite called it, to the system VFS.
    unsafe {
        let inner_vfs = inner_vfs(vfs);
        ((*inner_vfs).xAccess.expect("xAccess"))(inner_vfs, name, flags, out)
    }
}

unsafe extern "C" fn x_full_pathname(
    vfs: *mut ffi::sqlite3_vfs,
    name: *const c_char,
    n: c_int,
    out: *mut c_char,
) -> c_int {
    // SAFETY: forwarded as SQLite called it, to the system VFS.
    unsafe {
        let inner_vfs = inner_vfs(vfs);
        ((*inner_vfs).xFullPathname.expect("xFullPathname"))(inner_vfs, name, n, out)
    }
}

/// The system VFS's file and its methods.
unsafe fn parts(file: *mut ffi::sqlite3_file) -> (*mut ffi::sqlite3_file, &'static ffi::sqlite3_io_methods) {
    // SAFETY: only files opened by `x_open` have `METHODS`.
    unsafe {
        let inner = (*file.cast::<Shim>()).inner;
        (inner, &*(*inner).pMethods)
    }
}

unsafe fn watched_path(file: *mut ffi::sqlite3_file) -> Option<&'static PathBuf> {
    // SAFETY: set in `x_open`, freed in `x_close`.
    unsafe {
        let p = (*file.cast::<Shim>()).path;
        if p.is_null() { None } else { Some(&*p) }
    }
}

unsafe extern "C" fn x_close(file: *mut ffi::sqlite3_file) -> c_int {
    // SAFETY: SQLite closes each file once.
    unsafe {
        let (inner, m) = parts(file);
        let rc = (m.xClose.expect("xClose"))(inner);
        let shim = file.cast::<Shim>();
        drop(Box::from_raw((*shim).inner_mem));
        if !(*shim).path.is_null() {
            drop(Box::from_raw((*shim).path));
        }
        (*shim).base.pMethods = std::ptr::null();
        rc
    }
}

unsafe extern "C" fn x_read(
    file: *mut ffi::sqlite3_file,
    buf: *mut c_void,
    n: c_int,
    off: ffi::sqlite3_int64,
) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        let (inner, m) = parts(file);
        (m.xRead.expect("xRead"))(inner, buf, n, off)
    }
}

unsafe extern "C" fn x_write(
    file: *mut ffi::sqlite3_file,
    buf: *const c_void,
    n: c_int,
    off: ffi::sqlite3_int64,
) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        if watched_path(file).is_some() {
            event();
        }
        let (inner, m) = parts(file);
        (m.xWrite.expect("xWrite"))(inner, buf, n, off)
    }
}

unsafe extern "C" fn x_truncate(file: *mut ffi::sqlite3_file, size: ffi::sqlite3_int64) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        if watched_path(file).is_some() {
            event();
        }
        let (inner, m) = parts(file);
        (m.xTruncate.expect("xTruncate"))(inner, size)
    }
}

unsafe extern "C" fn x_sync(file: *mut ffi::sqlite3_file, flags: c_int) -> c_int {
    // SAFETY: forwarded; the path outlives the call.
    unsafe {
        let path = watched_path(file);
        if path.is_some() {
            event();
        }
        let (inner, m) = parts(file);
        let rc = (m.xSync.expect("xSync"))(inner, flags);
        if rc == ffi::SQLITE_OK
            && let Some(p) = path
        {
            let now = std::fs::read(p).unwrap_or_default();
            with_state(|s| {
                s.syncs += 1;
                s.durable.insert(p.clone(), now);
            });
        }
        rc
    }
}

unsafe extern "C" fn x_file_size(file: *mut ffi::sqlite3_file, size: *mut ffi::sqlite3_int64) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        let (inner, m) = parts(file);
        (m.xFileSize.expect("xFileSize"))(inner, size)
    }
}

unsafe extern "C" fn x_lock(file: *mut ffi::sqlite3_file, level: c_int) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        let (inner, m) = parts(file);
        (m.xLock.expect("xLock"))(inner, level)
    }
}

unsafe extern "C" fn x_unlock(file: *mut ffi::sqlite3_file, level: c_int) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        let (inner, m) = parts(file);
        (m.xUnlock.expect("xUnlock"))(inner, level)
    }
}

unsafe extern "C" fn x_check_reserved_lock(file: *mut ffi::sqlite3_file, out: *mut c_int) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        let (inner, m) = parts(file);
        (m.xCheckReservedLock.expect("xCheckReservedLock"))(inner, out)
    }
}

unsafe extern "C" fn x_file_control(file: *mut ffi::sqlite3_file, op: c_int, arg: *mut c_void) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        let (inner, m) = parts(file);
        (m.xFileControl.expect("xFileControl"))(inner, op, arg)
    }
}

unsafe extern "C" fn x_sector_size(file: *mut ffi::sqlite3_file) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        let (inner, m) = parts(file);
        (m.xSectorSize.expect("xSectorSize"))(inner)
    }
}

unsafe extern "C" fn x_device_characteristics(file: *mut ffi::sqlite3_file) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        let (inner, m) = parts(file);
        (m.xDeviceCharacteristics.expect("xDeviceCharacteristics"))(inner)
    }
}

unsafe extern "C" fn x_shm_map(
    file: *mut ffi::sqlite3_file,
    page: c_int,
    size: c_int,
    extend: c_int,
    out: *mut *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        let (inner, m) = parts(file);
        match m.xShmMap {
            Some(f) => f(inner, page, size, extend, out),
            None => ffi::SQLITE_IOERR,
        }
    }
}

unsafe extern "C" fn x_shm_lock(file: *mut ffi::sqlite3_file, offset: c_int, n: c_int, flags: c_int) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        let (inner, m) = parts(file);
        match m.xShmLock {
            Some(f) => f(inner, offset, n, flags),
            None => ffi::SQLITE_IOERR,
        }
    }
}

unsafe extern "C" fn x_shm_barrier(file: *mut ffi::sqlite3_file) {
    // SAFETY: forwarded.
    unsafe {
        let (inner, m) = parts(file);
        if let Some(f) = m.xShmBarrier {
            f(inner);
        }
    }
}

unsafe extern "C" fn x_shm_unmap(file: *mut ffi::sqlite3_file, delete: c_int) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        let (inner, m) = parts(file);
        match m.xShmUnmap {
            Some(f) => f(inner, delete),
            None => ffi::SQLITE_OK,
        }
    }
}

unsafe extern "C" fn x_fetch(
    file: *mut ffi::sqlite3_file,
    off: ffi::sqlite3_int64,
    n: c_int,
    out: *mut *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        let (inner, m) = parts(file);
        match (m.iVersion >= 3, m.xFetch) {
            (true, Some(f)) => f(inner, off, n, out),
            _ => {
                *out = std::ptr::null_mut();
                ffi::SQLITE_OK
            }
        }
    }
}

unsafe extern "C" fn x_unfetch(file: *mut ffi::sqlite3_file, off: ffi::sqlite3_int64, p: *mut c_void) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        let (inner, m) = parts(file);
        match (m.iVersion >= 3, m.xUnfetch) {
            (true, Some(f)) => f(inner, off, p),
            _ => ffi::SQLITE_OK,
        }
    }
}
