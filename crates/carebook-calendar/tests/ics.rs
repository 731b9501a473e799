//! The iCalendar writer: structure, folding, escaping, Vietnamese text.

use carebook_calendar::ics::{IcsEvent, PRODID, write_ics};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid time")
}

fn stamp() -> NaiveDateTime {
    d(2026, 1, 2).and_time(t(8, 5))
}

/// Every Vietnamese letter, upper and lower case, with every tone mark.
const VIETNAMESE: &str = "AÀÁẢÃẠ ĂẰẮẲẴẶ ÂẦẤẨẪẬ EÈÉẺẼẸ ÊỀẾỂỄỆ IÌÍỈĨỊ OÒÓỎÕỌ ÔỒỐỔỖỘ ƠỜỚỞỠỢ UÙÚỦŨỤ ƯỪỨỬỮỰ YỲÝỶỸỴ Đ \
aàáảãạ ăằắẳẵặ âầấẩẫậ eèéẻẽẹ êềếểễệ iìíỉĩị oòóỏõọ ôồốổỗộ ơờớởỡợ uùúủũụ ưừứửữự yỳýỷỹỵ đ";

fn event(uid: &str, date: NaiveDate, time: Option<NaiveTime>, summary: &str) -> IcsEvent {
    IcsEvent { uid: uid.into(), date, time, summary: summary.into(), description: None, categories: vec![] }
}

/// The content lines of a file: unfolded (CRLF + one space or tab removed).
fn unfold(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n").filter(|l| !l.is_empty()).map(String::from).collect()
}

/// The value of the first property named `name` in the block of event `uid`.
fn prop(ics: &str, uid: &str, name: &str) -> Option<String> {
    let lines = unfold(ics);
    let start = lines.iter().position(|l| l == &format!("UID:{uid}"))?;
    let begin = lines[..start].iter().rposition(|l| l == "BEGIN:VEVENT")?;
    let end = begin + lines[begin..].iter().position(|l| l == "END:VEVENT")?;
    lines[begin..end].iter().find_map(|l| {
        let (key, value) = l.split_once(':')?;
        (key == name || key.split(';').next() == Some(name) && key.contains(';')).then(|| value.to_owned())
    })
}

fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn file_structure_and_dates() {
    let events = [
        event("tet-2026@carebook", d(2026, 2, 17), None, "Tết Bính Ngọ"),
        event("task-7@carebook", d(2026, 3, 5), Some(t(9, 30)), "Gọi chị Lan"),
        event("task-8@carebook", d(2026, 12, 31), Some(t(23, 45)), "Cuối năm"),
        event("birthday-45-2027@carebook", d(2026, 12, 31), None, "Sinh nhật"),
    ];
    let ics = write_ics("Chăm sóc khách hàng", &events, stamp());
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), "{ics}");
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(!ics.replace("\r\n", "").contains(['\r', '\n']), "only CRLF line ends");
    let lines = unfold(&ics);
    for expected in [format!("PRODID:{PRODID}"), "X-WR-CALNAME:Chăm sóc khách hàng".into(), "CALSCALE:GREGORIAN".into()]
    {
        assert!(lines.contains(&expected), "{expected} in {ics}");
    }
    assert_eq!(PRODID, "-//CareBook//CareBook//VI");
    assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 4);
    assert_eq!(lines.iter().filter(|l| *l == "DTSTAMP:20260102T080500Z").count(), 4);
    // (uid, DTSTART line, DTEND line)
    let table = [
        ("tet-2026@carebook", "DTSTART;VALUE=DATE:20260217", "DTEND;VALUE=DATE:20260218"),
        ("task-7@carebook", "DTSTART:20260305T093000", "DTEND:20260305T100000"),
        ("task-8@carebook", "DTSTART:20261231T234500", "DTEND:20270101T001500"),
        ("birthday-45-2027@carebook", "DTSTART;VALUE=DATE:20261231", "DTEND;VALUE=DATE:20270101"),
    ];
    for (uid, start, end) in table {
        let (start_key, start_value) = start.split_once(':').expect("line");
        let (end_key, end_value) = end.split_once(':').expect("line");
        let block = event_block(&lines, uid);
        assert!(block.iter().any(|l| l == start), "{uid}: {start} in {block:?}");
        assert!(block.iter().any(|l| l == end), "{uid}: {end} in {block:?}");
        assert_eq!(prop(&ics, uid, start_key.split(';').next().expect("key")).as_deref(), Some(start_value));
        assert_eq!(prop(&ics, uid, end_key.split(';').next().expect("key")).as_deref(), Some(end_value));
        let all_day = start.contains("VALUE=DATE");
        assert_eq!(block.iter().any(|l| l == "TRANSP:TRANSPARENT"), all_day, "{uid}");
        assert!(
            !block
                .iter()
                .any(|l| l.contains("TZID") || l.ends_with('Z') && l.starts_with("DT") && !l.starts_with("DTSTAMP"))
        );
    }
}

fn event_block(lines: &[String], uid: &str) -> Vec<String> {
    let at = lines.iter().position(|l| l == &format!("UID:{uid}")).expect("uid present");
    let begin = lines[..at].iter().rposition(|l| l == "BEGIN:VEVENT").expect("begin");
    let end = begin + lines[begin..].iter().position(|l| l == "END:VEVENT").expect("end");
    lines[begin..end].to_vec()
}

#[test]
fn vietnamese_text_survives_folding() {
    let long = format!("{VIETNAMESE} — {VIETNAMESE}");
    let mut e = event("vi@carebook", d(2026, 1, 1), None, &long);
    e.description = Some(format!("Kính gửi quý khách,\n{VIETNAMESE}\nTrân trọng"));
    let ics = write_ics(&long, &[e], stamp());
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    // Folding cut no character: every physical line is whole UTF-8, and no
    // continuation starts with a UTF-8 continuation byte.
    for line in ics.as_bytes().split(|&b| b == b'\n') {
        assert!(std::str::from_utf8(line).is_ok());
        if let Some(&b) = line.get(1)
            && line[0] == b' '
        {
            assert_ne!(b & 0xC0, 0x80, "continuation line starts inside a character: {line:?}");
        }
    }
    assert!(ics.lines().count() > 10, "the long text was folded");
    assert_eq!(prop(&ics, "vi@carebook", "SUMMARY").map(|v| unescape(&v)), Some(long.clone()));
    assert_eq!(
        prop(&ics, "vi@carebook", "DESCRIPTION").map(|v| unescape(&v)),
        Some(format!("Kính gửi quý khách,\n{VIETNAMESE}\nTrân trọng"))
    );
    let name = unfold(&ics).into_iter().find_map(|l| l.strip_prefix("X-WR-CALNAME:").map(unescape));
    assert_eq!(name, Some(long));
}

#[test]
fn special_characters_are_escaped() {
    let mut e = event("esc@carebook", d(2026, 4, 30), None, "Gọi lại; hỏi ý kiến, cảm ơn\nDòng 2 \\ hết");
    e.description = Some("Windows\r\nline; end\rbare CR\u{7}bell\ttab".into());
    e.categories = vec!["Chăm sóc".into(), "Ưu đãi, Tết".into(), "a;b".into()];
    let ics = write_ics("Tên; có, dấu", &[e], stamp());
    let lines = unfold(&ics);
    assert!(lines.contains(&r"SUMMARY:Gọi lại\; hỏi ý kiến\, cảm ơn\nDòng 2 \\ hết".to_owned()), "{ics}");
    assert!(lines.contains(&"DESCRIPTION:Windows\\nline\\; endbare CRbell\ttab".to_owned()), "{ics}");
    assert!(lines.contains(&r"CATEGORIES:Chăm sóc,Ưu đãi\, Tết,a\;b".to_owned()), "{ics}");
    assert!(lines.contains(&r"X-WR-CALNAME:Tên\; có\, dấu".to_owned()), "{ics}");
}

#[test]
fn empty_calendar_is_still_a_calendar() {
    let ics = write_ics("Trống", &[], stamp());
    let lines = unfold(&ics);
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    assert!(!lines.iter().any(|l| l == "BEGIN:VEVENT"));
    assert!(!ics.contains("DTSTAMP"), "nothing stamped without events");
}

/// A JSON string literal.
fn json(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes a sample file and what an independent parser must read from it;
/// `tests/data/check_ics.py` (Python's `icalendar` 7) compares the two.
#[test]
fn an_independent_parser_reads_the_file_back() {
    let name = format!("Chăm sóc; {VIETNAMESE}");
    let mut birthday =
        event("birthday-45-2027@carebook", d(2026, 12, 31), None, "Sinh nhật chị Hằng, 35 tuổi; gửi thiệp");
    birthday.description = Some(format!("Âm lịch 15/8 nhuận\n{VIETNAMESE}\nĐường dẫn: C:\\thư mục"));
    birthday.categories = vec!["Sinh nhật".into(), "Ưu đãi, quà".into()];
    let call = event("task-123@carebook", d(2026, 3, 5), Some(t(23, 45)), "Gọi lại: \"đã ổn chưa?\"");
    let events = [birthday, call];
    let ics = write_ics(&name, &events, stamp());
    let expected = format!(
        "{{\"name\": {}, \"events\": [{}]}}",
        json(&name),
        events
            .iter()
            .map(|e| {
                let (start, end) = match e.time {
                    None => (e.date.to_string(), e.date.succ_opt().expect("next day").to_string()),
                    Some(time) => {
                        let start = e.date.and_time(time);
                        let end = start + chrono::TimeDelta::minutes(30);
                        (start.format("%Y-%m-%dT%H:%M:%S").to_string(), end.format("%Y-%m-%dT%H:%M:%S").to_string())
                    }
                };
                format!(
                    "{{\"uid\": {}, \"summary\": {}, \"description\": {}, \"categories\": [{}], \"start\": {}, \"end\": {}}}",
                    json(&e.uid),
                    json(&e.summary),
                    e.description.as_deref().map_or("null".into(), json),
                    e.categories.iter().map(|c| json(c)).collect::<Vec<_>>().join(", "),
                    json(&start),
                    json(&end)
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    );
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    let (ics_path, json_path) = (dir.join("carebook-sample.ics"), dir.join("carebook-sample.json"));
    std::fs::write(&ics_path, &ics).expect("write ics");
    std::fs::write(&json_path, &expected).expect("write json");

    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/check_ics.py");
    let has_parser = std::process::Command::new("python3")
        .args(["-c", "import icalendar, sys; sys.exit(int(icalendar.__version__.split('.')[0]) < 7)"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_parser {
        assert!(
            std::env::var_os("CAREBOOK_REQUIRE_PYTHON_CHECKS").is_none(),
            "python3 with icalendar >= 7 is required (pip install icalendar)"
        );
        eprintln!("python3 with icalendar >= 7 not found: {} not run on {}", script, ics_path.display());
        return;
    }
    let out = std::process::Command::new("python3").arg(script).arg(&ics_path).arg(&json_path).output().expect("run");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}{}", String::from_utf8_lossy(&out.stderr));
    assert!(report.contains("2 events checked, 0 problems"), "{report}");
}
