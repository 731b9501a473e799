//! Backups, restores and the book's location, through the API on real files.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use carebook_api::backup::location::{
    Mount, StorageKind, cloud_provider, is_network_fs, is_network_share, mount_of, parse_mount_output,
    parse_proc_mounts,
};
use carebook_api::backup::{BackupKind, BackupNow, BackupSettingsSet, PathArgs, StorageMove, backup_due};
use carebook_api::book::remembered_location;
use carebook_api::{Api, Clock, CreateCustomer, ErrorCode, IdArgs, ListArgs, OpenOptions};
use carebook_core::CustomerInput;
use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use serde_json::json;

/// A clock the test moves forward (or back).
#[derive(Clone)]
struct TestClock(Arc<Mutex<NaiveDateTime>>);

impl TestClock {
    fn new() -> Self {
        TestClock(Arc::new(Mutex::new(start())))
    }
    fn advance(&self, by: TimeDelta) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for TestClock {
    fn now(&self) -> NaiveDateTime {
        *self.0.lock().unwrap()
    }
}

fn start() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(10, 0, 0).unwrap()
}

fn open_at(path: &Path, clock: &TestClock) -> Api {
    Api::open_with_clock(path, OpenOptions::create(), Box::new(clock.clone())).unwrap()
}

fn add(api: &Api, name: &str, phone: &str) -> i64 {
    let input = CustomerInput { name: name.into(), phones: vec![phone.into()], ..Default::default() };
    api.customer_create(CreateCustomer { input }).unwrap().customer.id
}

fn names(api: &Api) -> Vec<String> {
    let mut all = Vec::new();
    for archived in [false, true] {
        let page = api.customer_list(ListArgs { archived, offset: 0, limit: 500 }).unwrap();
        all.extend(page.rows.into_iter().map(|r| r.name));
    }
    all.sort();
    all
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

fn field_codes(e: &carebook_api::ApiError) -> Vec<(String, String)> {
    e.fields.iter().map(|f| (f.field.clone(), f.code.clone())).collect()
}

/// The audit log's (action, summary) pairs about the shop, newest first.
fn audit_actions(api: &Api) -> Vec<(String, String)> {
    let log = api.dispatch("audit_list", json!({ "offset": 0, "limit": 50, "entity": "shop" })).unwrap();
    log["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["action"].as_str().unwrap().to_owned(), r["summary"].as_str().unwrap().to_owned()))
        .collect()
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

#[test]
fn back_up_now_to_the_folder_a_chosen_folder_or_a_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::new();
    let api = open_at(&dir.path().join("shop.sqlite"), &clock);
    add(&api, "Nguyễn Văn An", "0901 234 567");

    let settings = api.backup_settings_get().unwrap();
    assert_eq!(settings.dir, s(&dir.path().join("backups")), "backups go next to the book by default");
    assert_eq!(settings.keep, 10);
    assert_eq!(settings.last_auto, None);

    let made = api.backup_now(BackupNow::default()).unwrap();
    assert_eq!(made.path, s(&dir.path().join("backups/carebook-manual-20261123-100000.sqlite")));
    assert_eq!((made.customers, made.integrity.as_str(), made.shop_name.as_str()), (1, "ok", ""));
    let again = api.backup_now(BackupNow::default()).unwrap();
    assert!(again.path.ends_with("carebook-manual-20261123-100000-2.sqlite"), "same second, new name: {}", again.path);

    let usb = dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    let into_folder = api.backup_now(BackupNow { path: Some(s(&usb)) }).unwrap();
    assert_eq!(into_folder.path, s(&usb.join("carebook-manual-20261123-100000.sqlite")));
    let named = usb.join("cuối tháng.sqlite");
    let to_file = api.backup_now(BackupNow { path: Some(s(&named)) }).unwrap();
    assert_eq!(to_file.path, s(&named));

    let e = api.backup_now(BackupNow { path: Some(s(&named)) }).unwrap_err();
    assert_eq!(field_codes(&e), [("path".into(), "file_exists".into())], "an existing file is never overwritten");
    let e = api.backup_now(BackupNow { path: Some("copy.sqlite".into()) }).unwrap_err();
    assert_eq!(field_codes(&e), [("path".into(), "path_not_absolute".into())]);
    let e = api.backup_now(BackupNow { path: Some(s(&dir.path().join("shop.sqlite"))) }).unwrap_err();
    assert_eq!(field_codes(&e), [("path".into(), "file_exists".into())], "the book itself is never a destination");

    let list = api.backup_list().unwrap();
    let listed: Vec<(&str, BackupKind)> = list.files.iter().map(|f| (f.name.as_str(), f.kind)).collect();
    assert_eq!(
        listed,
        [
            ("carebook-manual-20261123-100000-2.sqlite", BackupKind::Manual),
            ("carebook-manual-20261123-100000.sqlite", BackupKind::Manual),
        ],
        "the list shows the backup folder, newest first"
    );
    assert!(list.files.iter().all(|f| f.size_bytes > 0 && f.made_at == Some(start())));
}

#[test]
fn automatic_backups_are_due_once_a_day_by_the_api_clock() {
    let t = start();
    let table: [(Option<NaiveDateTime>, NaiveDateTime, bool, &str); 6] = [
        (None, t, true, "never backed up"),
        (Some(t), t + TimeDelta::hours(1), false, "an hour later"),
        (Some(t), t + TimeDelta::hours(24) - TimeDelta::seconds(1), false, "a second short of a day"),
        (Some(t), t + TimeDelta::hours(24), true, "a day later"),
        (Some(t), t + TimeDelta::days(9), true, "after a holiday"),
        (Some(t), t - TimeDelta::hours(2), true, "the clock went back"),
    ];
    for (last, now, due, why) in table {
        assert_eq!(backup_due(last, now), due, "{why}");
    }

    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::new();
    let api = open_at(&dir.path().join("shop.sqlite"), &clock);
    add(&api, "Trần Thị Bình", "0912 000 111");
    let first = api.backup_auto().unwrap().made.expect("the first automatic backup is made at start");
    assert_eq!(first.path, s(&dir.path().join("backups/carebook-20261123-100000.sqlite")));
    assert_eq!(api.backup_settings_get().unwrap().last_auto, Some(start()));

    // The hourly checks during the day make nothing.
    for _ in 0..23 {
        clock.advance(TimeDelta::hours(1));
        assert!(api.backup_auto().unwrap().made.is_none(), "at most one automatic backup a day");
    }
    clock.advance(TimeDelta::hours(1));
    let next = api.backup_auto().unwrap().made.expect("due 24 hours after the last one");
    assert!(next.path.ends_with("carebook-20261124-100000.sqlite"), "{}", next.path);
    assert_eq!(files(&dir.path().join("backups")).len(), 2);
}

#[test]
fn demo_books_are_not_backed_up_automatically() {
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::new();
    let path = dir.path().join("demo.sqlite");
    let api = Api::open_with_clock(&path, OpenOptions::demo(), Box::new(clock.clone())).unwrap();
    assert!(api.backup_auto().unwrap().made.is_none(), "the demo shop is not worth a backup");
    assert!(!dir.path().join("backups").exists());
    api.start_own_shop(carebook_api::StartOwnShop { shop_name: "Tiệm bánh Hạnh".into() }).unwrap();
    assert!(api.backup_auto().unwrap().made.is_some(), "the shop's own book is backed up at the next check");
}

#[test]
fn rotation_keeps_exactly_n_automatic_backups_and_nothing_else_is_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::new();
    let api = open_at(&dir.path().join("shop.sqlite"), &clock);
    add(&api, "Lê Văn Cường", "0903 111 222");
    let backups = dir.path().join("backups");
    api.backup_settings_set(BackupSettingsSet { dir: None, keep: 3 }).unwrap();

    // Files rotation must leave alone.
    std::fs::create_dir_all(&backups).unwrap();
    let others = [
        "carebook-manual-20200101-000000.sqlite",
        "carebook-before-restore-20200101-000000.sqlite",
        "carebook-2020.sqlite",
        "carebook-20200101-000000.txt",
        "shop-copy.sqlite",
    ];
    for name in others {
        std::fs::write(backups.join(name), b"kept").unwrap();
    }

    let mut made = Vec::new();
    for day in 0..7 {
        let auto = api.backup_auto().unwrap();
        made.push(auto.made.expect("a day has passed").path);
        let kept = files(&backups).into_iter().filter(|n| !others.contains(&n.as_str())).count();
        assert_eq!(kept, (day + 1).min(3), "day {day}: never more than 3 automatic backups");
        clock.advance(TimeDelta::hours(25));
    }
    let left: Vec<String> = files(&backups).into_iter().filter(|n| !others.contains(&n.as_str())).collect();
    let newest: Vec<String> =
        made[4..].iter().map(|p| Path::new(p).file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(left, newest, "the 3 newest automatic backups are the ones kept");
    for name in others {
        assert_eq!(std::fs::read(backups.join(name)).unwrap(), b"kept", "{name} is not an automatic backup");
    }
}

#[test]
fn backup_settings_are_checked_before_they_are_saved() {
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::new();
    let api = open_at(&dir.path().join("shop.sqlite"), &clock);
    let a_file = dir.path().join("a-file");
    std::fs::write(&a_file, b"x").unwrap();

    /// The folder typed, how many to keep, the field errors expected.
    type Case = (Option<String>, u32, &'static [(&'static str, &'static str)]);
    let table: [Case; 5] = [
        (None, 0, &[("keep", "keep_out_of_range")]),
        (None, 101, &[("keep", "keep_out_of_range")]),
        (Some("backups".into()), 5, &[("dir", "path_not_absolute")]),
        (Some(s(&a_file.join("sub"))), 5, &[("dir", "folder_not_writable")]),
        (Some("relative".into()), 0, &[("keep", "keep_out_of_range"), ("dir", "path_not_absolute")]),
    ];
    for (dir_arg, keep, want) in table {
        let e = api.backup_settings_set(BackupSettingsSet { dir: dir_arg.clone(), keep }).unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation);
        let want: Vec<(String, String)> = want.iter().map(|(f, c)| (f.to_string(), c.to_string())).collect();
        assert_eq!(field_codes(&e), want, "{dir_arg:?} / keep {keep}");
    }
    assert_eq!(api.backup_settings_get().unwrap().keep, 10, "nothing was saved");

    let chosen = dir.path().join("Dropbox/CareBook backups");
    let saved = api.backup_settings_set(BackupSettingsSet { dir: Some(s(&chosen)), keep: 30 }).unwrap();
    assert_eq!((saved.dir.as_str(), saved.keep), (s(&chosen).as_str(), 30), "backups may go to a synced folder");
    assert!(chosen.is_dir(), "the folder is created");
    assert_eq!(files(&chosen), Vec::<String>::new(), "the write test leaves nothing behind");
    let reset = api.backup_settings_set(BackupSettingsSet { dir: Some("  ".into()), keep: 30 }).unwrap();
    assert_eq!(reset.dir, reset.default_dir, "an empty folder means the default one");
}

#[test]
fn restore_checks_keeps_a_safety_copy_and_this_computers_settings() {
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::new();
    let api = open_at(&dir.path().join("shop.sqlite"), &clock);
    add(&api, "Phạm Thị Dung", "0904 555 666");
    add(&api, "Hoàng Văn Em", "0905 777 888");
    let backup = api.backup_now(BackupNow::default()).unwrap();
    let at_backup = names(&api);
    assert_eq!(
        audit_actions(&api).first(),
        Some(&("backup".to_owned(), backup.path.clone())),
        "a copy of every customer's data left the book: the audit log says where"
    );

    clock.advance(TimeDelta::hours(3));
    add(&api, "Vũ Thị Giang", "0906 999 000");
    api.customer_archive(IdArgs { id: 1 }).unwrap();
    let chosen = dir.path().join("elsewhere");
    api.backup_settings_set(BackupSettingsSet { dir: Some(s(&chosen)), keep: 4 }).unwrap();
    let before_restore = names(&api);

    // What the UI shows before the owner confirms.
    let checked = api.dispatch("backup_verify", json!({ "path": backup.path })).unwrap();
    assert_eq!(checked["integrity"], "ok");
    assert_eq!(checked["customers"], 2);
    assert_eq!(checked["schemaVersion"], checked["latestVersion"]);

    let done = api.backup_restore(PathArgs { path: backup.path.clone() }).unwrap();
    assert_eq!(names(&api), at_backup, "the book holds what the backup held");
    assert_eq!(done.app.customer_count, 2);
    assert_eq!(done.safety_copy, s(&chosen.join("carebook-before-restore-20261123-130000.sqlite")));
    let safety = verify_elsewhere(&done.safety_copy);
    assert_eq!(safety.customers, 3, "the safety copy holds the book from just before the restore");

    let settings = api.backup_settings_get().unwrap();
    assert_eq!((settings.dir, settings.keep), (s(&chosen), 4), "the backup settings of this computer stay");

    // The restored book's audit log says a restore happened and from where.
    let actions = audit_actions(&api);
    assert_eq!(actions.first(), Some(&("restore_backup".to_owned(), backup.path.clone())), "{actions:?}");

    // And the safety copy brings the book back as it was.
    api.backup_restore(PathArgs { path: done.safety_copy }).unwrap();
    assert_eq!(names(&api), before_restore);
}

/// What a file holds, read by another book's API.
fn verify_elsewhere(path: &str) -> carebook_api::backup::BackupInfo {
    let dir = tempfile::tempdir().unwrap();
    let api = open_at(&dir.path().join("probe.sqlite"), &TestClock::new());
    api.backup_verify(PathArgs { path: path.into() }).unwrap()
}

#[test]
fn bad_backups_are_refused_by_code_and_the_book_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::new();
    let api = open_at(&dir.path().join("shop.sqlite"), &clock);
    for n in 0..150 {
        add(&api, &format!("Khách {n}"), &format!("09{:08}", n));
    }
    let good = api.backup_now(BackupNow::default()).unwrap();
    add(&api, "Sau Sao Lưu", "0999 999 999");
    let before = names(&api);

    let damaged = dir.path().join("damaged.sqlite");
    let mut bytes = std::fs::read(&good.path).unwrap();
    let pages = bytes.len() / 4096;
    for page in pages / 3..pages * 2 / 3 {
        for b in &mut bytes[page * 4096..page * 4096 + 64] {
            *b = !*b;
        }
    }
    std::fs::write(&damaged, bytes).unwrap();
    let text = dir.path().join("customers.csv");
    std::fs::write(&text, "Tên khách hàng,Điện thoại\n".repeat(50)).unwrap();

    for (path, code) in [
        (&damaged, ErrorCode::Corrupt),
        (&text, ErrorCode::NotCarebook),
        (&dir.path().join("missing.sqlite"), ErrorCode::NotFound),
    ] {
        let e = api.dispatch("backup_verify", json!({ "path": s(path) })).unwrap_err();
        assert_eq!(e.code, code, "{}: {}", path.display(), e.message);
        let e = api.dispatch("backup_restore", json!({ "path": s(path) })).unwrap_err();
        assert_eq!(e.code, code, "{}: {}", path.display(), e.message);
        assert_eq!(names(&api), before, "{}: the book is unchanged", path.display());
    }
    let safety: Vec<String> =
        files(&dir.path().join("backups")).into_iter().filter(|n| n.contains("before-restore")).collect();
    assert!(safety.is_empty(), "no safety copy for a refused restore: {safety:?}");
    let e = api.dispatch("backup_restore", json!({ "path": "relative.sqlite" })).unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
}

#[test]
fn cloud_and_network_folders_are_recognised_by_name() {
    let table: [(&str, Option<&str>); 21] = [
        // Windows
        (r"C:\Users\An\OneDrive\Tài liệu\CareBook\carebook.sqlite", Some("OneDrive")),
        (r"C:\Users\An\OneDrive - Tiệm Bánh Hạnh\carebook.sqlite", Some("OneDrive")),
        (r"D:\Dropbox\shop\carebook.sqlite", Some("Dropbox")),
        (r"C:\Users\An\Dropbox (Personal)\carebook.sqlite", Some("Dropbox")),
        (r"G:\My Drive\CareBook\carebook.sqlite", Some("Google Drive")),
        (r"C:\Users\An\Google Drive\carebook.sqlite", Some("Google Drive")),
        (r"C:\Users\An\iCloudDrive\carebook.sqlite", Some("iCloud Drive")),
        (r"C:\Users\An\MEGA\carebook.sqlite", Some("MEGA")),
        (r"C:\Users\An\AppData\Roaming\CareBook\CareBook\data\carebook.sqlite", None),
        (r"C:\Users\Megan\Documents\carebook.sqlite", None),
        // macOS
        ("/Users/an/Library/Mobile Documents/com~apple~CloudDocs/CareBook/carebook.sqlite", Some("iCloud Drive")),
        ("/Users/an/Library/CloudStorage/OneDrive-Personal/carebook.sqlite", Some("OneDrive")),
        ("/Users/an/Library/CloudStorage/GoogleDrive-an@gmail.com/My Drive/carebook.sqlite", Some("Google Drive")),
        ("/Users/an/Library/CloudStorage/Box-Box/carebook.sqlite", Some("Box")),
        ("/Users/an/Library/CloudStorage/SomethingNew/carebook.sqlite", Some("cloud storage")),
        ("/Users/an/pCloud Drive/carebook.sqlite", Some("pCloud")),
        ("/Users/an/Library/Application Support/vn.CareBook.CareBook/carebook.sqlite", None),
        // Linux
        ("/home/an/Dropbox/carebook.sqlite", Some("Dropbox")),
        ("/home/an/Nextcloud/shop/carebook.sqlite", Some("Nextcloud")),
        ("/home/an/Yandex.Disk/carebook.sqlite", Some("Yandex Disk")),
        ("/home/an/.local/share/carebook/carebook.sqlite", None),
    ];
    for (path, want) in table {
        assert_eq!(cloud_provider(path), want, "{path}");
    }

    let shares = [
        (r"\\nas\shop\carebook.sqlite", true),
        (r"\\?\UNC\nas\shop\carebook.sqlite", true),
        ("//nas/shop/carebook.sqlite", true),
        (r"\\wsl$\Ubuntu\home\an\carebook.sqlite", true),
        (r"\\?\C:\Users\An\carebook.sqlite", false),
        (r"\\.\C:\carebook.sqlite", false),
        (r"C:\Users\An\carebook.sqlite", false),
        ("/home/an/carebook.sqlite", false),
    ];
    for (path, want) in shares {
        assert_eq!(is_network_share(path), want, "{path}");
    }

    for (fstype, want) in [
        ("nfs4", true),
        ("cifs", true),
        ("smb3", true),
        ("smbfs", true),
        ("fuse.sshfs", true),
        ("fuse.rclone", true),
        ("afpfs", true),
        ("webdav", true),
        ("ext4", false),
        ("btrfs", false),
        ("apfs", false),
        ("tmpfs", false),
        ("fuse.portal", false),
    ] {
        assert_eq!(is_network_fs(fstype), want, "{fstype}");
    }

    let proc_mounts = "/dev/sda2 / ext4 rw,relatime 0 0\n\
                       nas:/export/shop /mnt/shop nfs4 rw,relatime,vers=4.2 0 0\n\
                       //nas/public /mnt/public\\040share cifs rw 0 0\n\
                       an@host:/srv /home/an/remote fuse.sshfs rw 0 0\n";
    let mounts = parse_proc_mounts(proc_mounts);
    let linux: [(&str, &str); 5] = [
        ("/home/an/.local/share/carebook/carebook.sqlite", "ext4"),
        ("/mnt/shop/carebook.sqlite", "nfs4"),
        ("/mnt/shopping/carebook.sqlite", "ext4"),
        ("/mnt/public share/carebook.sqlite", "cifs"),
        ("/home/an/remote/carebook.sqlite", "fuse.sshfs"),
    ];
    for (path, fstype) in linux {
        assert_eq!(mount_of(path, &mounts).map(|m| m.fstype.as_str()), Some(fstype), "{path}");
    }

    let mac = "/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)\n\
               /dev/disk3s5 on /System/Volumes/Data (apfs, local, journaled, nobrowse)\n\
               //an@nas._smb._tcp.local/Shop on /Volumes/Shop (smbfs, nodev, nosuid, mounted by an)\n\
               nas:/export on /Volumes/My Export (nfs, asynchronous)\n";
    let mounts = parse_mount_output(mac);
    assert_eq!(mounts[2], Mount { point: "/Volumes/Shop".into(), fstype: "smbfs".into() });
    assert_eq!(mount_of("/Volumes/My Export/carebook.sqlite", &mounts).map(|m| m.fstype.as_str()), Some("nfs"));
    assert_eq!(
        mount_of("/System/Volumes/Data/Users/an/carebook.sqlite", &mounts).map(|m| m.fstype.as_str()),
        Some("apfs")
    );
}

#[test]
fn a_book_in_a_synced_folder_is_flagged_and_moved_to_a_local_folder() {
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::new();
    let synced = dir.path().join("Dropbox/shop");
    let old = synced.join("carebook.sqlite");
    let api = open_at(&old, &clock);
    add(&api, "Đỗ Thị Hoa", "0907 123 456");
    api.backup_now(BackupNow::default()).unwrap();
    let location_file = dir.path().join("appdata/location.json");
    api.remember_location_in(location_file.clone());

    let check = api.dispatch("storage_location_check", json!({})).unwrap();
    assert_eq!(check["kind"], "cloud");
    assert_eq!(check["provider"], "Dropbox");

    // Not into another synced folder, not over an existing file.
    let e = api.storage_move(StorageMove { to: s(&dir.path().join("OneDrive/CareBook")) }).unwrap_err();
    assert_eq!(field_codes(&e), [("to".into(), "folder_not_local".into())]);
    let e = api.storage_move(StorageMove { to: s(&synced) }).unwrap_err();
    assert_eq!(field_codes(&e), [("to".into(), "folder_not_local".into())]);
    let taken = dir.path().join("taken");
    std::fs::create_dir_all(&taken).unwrap();
    std::fs::write(taken.join("carebook.sqlite"), b"someone else's").unwrap();
    let e = api.storage_move(StorageMove { to: s(&taken) }).unwrap_err();
    assert_eq!(field_codes(&e), [("to".into(), "file_exists".into())]);
    assert!(!location_file.exists(), "a refused move remembers nothing");

    let local = dir.path().join("CareBook data");
    let moved = api.storage_move(StorageMove { to: s(&local) }).unwrap();
    let new = local.join("carebook.sqlite");
    assert_eq!((moved.from.as_str(), moved.to.as_str()), (s(&old).as_str(), s(&new).as_str()));
    assert!(moved.remembered);
    assert_eq!(api.db_path(), new, "the API works on the new file now");
    assert_eq!(remembered_location(&location_file).unwrap(), Some(new.clone()), "the desktop opens it next time");
    assert_eq!(api.storage_location_check().unwrap().kind, StorageKind::Local);
    assert_eq!(
        moved.backup_dir,
        s(&synced.join("backups")),
        "backups stay in the synced folder, where they are safe and copied off the computer"
    );
    assert_eq!(api.backup_list().unwrap().files.len(), 1, "the earlier backup is still listed");
    assert_eq!(audit_actions(&api)[0], ("move_book".to_owned(), s(&new)), "the move is in the moved book's audit log");

    add(&api, "Khách Mới", "0908 000 111");
    assert_eq!(names(&api), ["Khách Mới", "Đỗ Thị Hoa"]);
    drop(api);
    // The old file cannot be opened by its old name and written to: it is renamed, whole.
    let retired = PathBuf::from(format!("{}.moved", old.display()));
    assert_eq!(moved.old_kept_as.as_deref(), Some(s(&retired).as_str()));
    assert!(!old.exists(), "nothing is left at the old name");
    assert!(!PathBuf::from(format!("{}-wal", old.display())).exists());
    let old_book = Api::open(&retired, OpenOptions::default()).unwrap();
    assert_eq!(names(&old_book), ["Đỗ Thị Hoa"], "the old file is kept as it was, under its new name");

    // A remembered file that disappeared is an error, not an empty book.
    std::fs::remove_file(&new).unwrap();
    let e = remembered_location(&location_file).unwrap_err();
    assert!(e.message.contains("not there any more"), "{e}");
    assert_eq!(remembered_location(&dir.path().join("none.json")).unwrap(), None::<PathBuf>);
}
