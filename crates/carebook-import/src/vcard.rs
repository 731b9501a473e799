//! vCard files (`.vcf`) as phones and address books export them: versions
//! 2.1, 3.0 and 4.0, several contacts per file, several numbers per contact.
//!
//! Handled: folded lines, `item1.`-style groups, 2.1's quoted-printable values
//! with a `CHARSET`, 3.0/4.0 escapes (`\,` `\;` `\n`), `tel:` URIs. Photos and
//! other binary values are skipped. Each contact becomes a row whose number is
//! the contact's position in the file.

use std::io::BufRead;

use crate::ImportError;

#[derive(Debug, Default)]
struct Contact {
    formatted_name: String,
    family: String,
    middle: String,
    given: String,
    phones: Vec<String>,
    emails: Vec<String>,
    birthday: String,
    gender: String,
    addresses: Vec<String>,
    notes: Vec<String>,
    categories: Vec<String>,
}

impl Contact {
    fn is_empty(&self) -> bool {
        self.formatted_name.is_empty()
            && self.family.is_empty()
            && self.given.is_empty()
            && self.phones.is_empty()
            && self.emails.is_empty()
    }
}

/// One property line: `group.NAME;PARAM=x;PARAM:value`.
struct Property {
    name: String,
    quoted_printable: bool,
    base64: bool,
    charset: Option<String>,
    value: String,
}

fn parse_property(line: &str) -> Option<Property> {
    // The value starts after the first `:` that is not inside a quoted parameter.
    let mut quoted = false;
    let mut colon = None;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => {
                colon = Some(i);
                break;
            }
            _ => {}
        }
    }
    let colon = colon?;
    let (head, value) = (&line[..colon], &line[colon + 1..]);
    let mut parts = head.split(';');
    let name = parts.next()?.rsplit('.').next()?.trim().to_ascii_uppercase();
    let mut prop = Property { name, quoted_printable: false, base64: false, charset: None, value: value.to_owned() };
    for param in parts {
        let (key, val) = match param.split_once('=') {
            Some((k, v)) => (k.trim().to_ascii_uppercase(), v.trim().trim_matches('"').to_owned()),
            None => (String::new(), param.trim().to_owned()),
        };
        let val_upper = val.to_ascii_uppercase();
        match (key.as_str(), val_upper.as_str()) {
            ("ENCODING" | "", "QUOTED-PRINTABLE") => prop.quoted_printable = true,
            ("ENCODING" | "", "B" | "BASE64") => prop.base64 = true,
            ("CHARSET", _) => prop.charset = Some(val),
            _ => {}
        }
    }
    Some(prop)
}

/// Quoted-printable: `=C3=A1` is a byte, `=` at the end of a line joins lines.
fn decode_quoted_printable(value: &str) -> Vec<u8> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' {
            let hex = |b: u8| (b as char).to_digit(16);
            match (bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => {
                    // A soft line break that survived unfolding, or a stray `=`.
                    i += 1;
                    continue;
                }
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// The text of a value: quoted-printable decoded in its charset (UTF-8 when
/// none is given), escapes left for the caller (structured values split first).
fn raw_value(prop: &Property) -> String {
    if !prop.quoted_printable {
        return prop.value.clone();
    }
    let bytes = decode_quoted_printable(&prop.value);
    let encoding = prop
        .charset
        .as_deref()
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    let (text, _) = encoding.decode_without_bom_handling(&bytes);
    text.into_owned()
}

/// Splits on `sep` not preceded by a backslash, then unescapes each part.
fn split_escaped(value: &str, sep: char) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => current.push('\n'),
                Some(other) => current.push(other),
                None => {}
            }
        } else if c == sep {
            parts.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    parts.push(current);
    parts.into_iter().map(|p| p.trim().to_owned()).collect()
}

fn unescape(value: &str) -> String {
    split_escaped(value, '\u{0}').concat()
}

/// The longest logical line kept; the rest of a longer one (a photo, a
/// runaway fold) is dropped.
pub(crate) const MAX_LINE_BYTES: usize = 1024 * 1024;
/// The property name and parameters (before the first `:`) kept to recognise
/// quoted-printable; a longer head is not a property this reader knows.
const MAX_HEAD_BYTES: usize = 4096;

/// One logical line being assembled from physical ones.
#[derive(Default)]
struct Logical {
    text: String,
    /// The head (before the first `:`), upper-cased, while it is still
    /// growing; each physical line adds to it once, so unfolding is linear.
    head: String,
    head_done: bool,
    quoted_printable: bool,
    truncated: bool,
}

impl Logical {
    fn push(&mut self, part: &str) {
        if !self.head_done && self.head.len() < MAX_HEAD_BYTES {
            let head_part = match part.find(':') {
                Some(i) => {
                    self.head_done = true;
                    &part[..i]
                }
                None => part,
            };
            let room = MAX_HEAD_BYTES - self.head.len();
            let head_part = &head_part[..floor_char_boundary(head_part, room)];
            if !head_part.is_empty() {
                self.head.push_str(&head_part.to_ascii_uppercase());
                self.quoted_printable = self.head.contains("QUOTED-PRINTABLE");
            }
        }
        if self.truncated {
            return;
        }
        let room = MAX_LINE_BYTES - self.text.len();
        if part.len() > room {
            self.text.push_str(&part[..floor_char_boundary(part, room)]);
            self.truncated = true;
        } else {
            self.text.push_str(part);
        }
    }
}

fn floor_char_boundary(s: &str, at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    (0..=at).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0)
}

/// Physical lines joined into logical ones, as the text is read: a line
/// starting with a space or tab continues the previous one; a
/// quoted-printable line ending in `=` too. Every physical line costs its
/// own length, however long the logical line grows.
pub(crate) struct LogicalLines<R> {
    input: R,
    physical: Vec<u8>,
    current: Option<Logical>,
    /// The current line is quoted-printable and its last physical line ended in `=`.
    qp_open: bool,
    eof: bool,
}

impl<R: BufRead> LogicalLines<R> {
    pub(crate) fn new(input: R) -> LogicalLines<R> {
        LogicalLines { input, physical: Vec::new(), current: None, qp_open: false, eof: false }
    }

    /// The next non-empty physical line (split at `\n` or `\r`), at most
    /// [`MAX_LINE_BYTES`] of it.
    fn next_physical(&mut self) -> Result<Option<String>, ImportError> {
        self.physical.clear();
        loop {
            let buf = self.input.fill_buf().map_err(|e| ImportError::Io(e.to_string()))?;
            if buf.is_empty() {
                self.eof = true;
                break;
            }
            match buf.iter().position(|&b| b == b'\n' || b == b'\r') {
                Some(i) => {
                    let room = MAX_LINE_BYTES.saturating_sub(self.physical.len());
                    self.physical.extend_from_slice(&buf[..i.min(room)]);
                    self.input.consume(i + 1);
                    if !self.physical.is_empty() {
                        break;
                    }
                }
                None => {
                    let n = buf.len();
                    let room = MAX_LINE_BYTES.saturating_sub(self.physical.len());
                    self.physical.extend_from_slice(&buf[..n.min(room)]);
                    self.input.consume(n);
                }
            }
        }
        if self.physical.is_empty() {
            return Ok(None);
        }
        Ok(Some(String::from_utf8_lossy(&self.physical).into_owned()))
    }

    /// The next logical line.
    pub(crate) fn next_line(&mut self) -> Result<Option<String>, ImportError> {
        loop {
            let Some(line) = (if self.eof { None } else { self.next_physical()? }) else {
                return Ok(self.current.take().map(|l| l.text));
            };
            if let Some(current) = self.current.as_mut() {
                if self.qp_open {
                    if current.text.ends_with('=') {
                        current.text.pop(); // the soft line break `=`
                    }
                    current.push(line.trim_start());
                    self.qp_open = line.ends_with('=');
                    continue;
                }
                if let Some(rest) = line.strip_prefix([' ', '\t']) {
                    current.push(rest);
                    self.qp_open = current.quoted_printable && line.ends_with('=');
                    continue;
                }
            }
            let mut next = Logical::default();
            next.push(&line);
            self.qp_open = next.quoted_printable && line.ends_with('=');
            if let Some(done) = self.current.replace(next) {
                return Ok(Some(done.text));
            }
        }
    }
}

fn apply(contact: &mut Contact, prop: &Property) {
    if prop.base64 {
        return; // photos, sounds, keys
    }
    let value = raw_value(prop);
    match prop.name.as_str() {
        "FN" => contact.formatted_name = unescape(&value),
        "N" => {
            let parts = split_escaped(&value, ';');
            let part = |i: usize| parts.get(i).cloned().unwrap_or_default();
            contact.family = part(0);
            contact.given = part(1);
            contact.middle = part(2);
        }
        "TEL" => {
            let v = unescape(&value);
            let v = v.strip_prefix("tel:").or_else(|| v.strip_prefix("TEL:")).unwrap_or(&v);
            let v = v.split(';').next().unwrap_or("").trim();
            if !v.is_empty() {
                contact.phones.push(v.to_owned());
            }
        }
        "EMAIL" => {
            let v = unescape(&value);
            let v = v.strip_prefix("mailto:").unwrap_or(&v).trim().to_owned();
            if !v.is_empty() {
                contact.emails.push(v);
            }
        }
        "BDAY" => contact.birthday = unescape(&value),
        "GENDER" | "X-GENDER" => contact.gender = split_escaped(&value, ';').into_iter().next().unwrap_or_default(),
        "ADR" => {
            let parts: Vec<String> = split_escaped(&value, ';').into_iter().filter(|p| !p.is_empty()).collect();
            if !parts.is_empty() {
                contact.addresses.push(parts.join(", "));
            }
        }
        "NOTE" => {
            let v = unescape(&value);
            if !v.is_empty() {
                contact.notes.push(v);
            }
        }
        "CATEGORIES" => {
            contact.categories.extend(split_escaped(&value, ',').into_iter().filter(|c| !c.is_empty()));
        }
        _ => {}
    }
}

/// Contacts one after another, as the file is read.
pub(crate) struct Contacts<R> {
    lines: LogicalLines<R>,
    current: Option<Contact>,
}

impl<R: BufRead> Contacts<R> {
    pub(crate) fn new(input: R) -> Contacts<R> {
        Contacts { lines: LogicalLines::new(input), current: None }
    }

    fn next_contact(&mut self) -> Result<Option<Contact>, ImportError> {
        while let Some(line) = self.lines.next_line()? {
            let trimmed = line.trim();
            if trimmed.eq_ignore_ascii_case("BEGIN:VCARD") {
                if let Some(done) = self.current.replace(Contact::default()) {
                    return Ok(Some(done));
                }
                continue;
            }
            if trimmed.eq_ignore_ascii_case("END:VCARD") {
                if let Some(done) = self.current.take() {
                    return Ok(Some(done));
                }
                continue;
            }
            if let (Some(contact), Some(prop)) = (self.current.as_mut(), parse_property(&line)) {
                apply(contact, &prop);
            }
        }
        Ok(self.current.take())
    }
}

/// How many phone and email columns the contacts of a file need: the most
/// any contact has, within the caps (more go into the last column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Layout {
    phones: usize,
    emails: usize,
}

/// Emails of one contact beyond this share the last email column.
const MAX_EMAIL_COLUMNS: usize = 10;

/// The first pass over a file: its layout, or why it holds no contacts.
pub(crate) fn scan_layout<R: BufRead>(input: R) -> Result<Layout, ImportError> {
    let mut contacts = Contacts::new(input);
    let (mut count, mut phones, mut emails) = (0usize, 0usize, 0usize);
    while let Some(c) = contacts.next_contact()? {
        count += 1;
        if count > crate::MAX_ROWS {
            return Err(ImportError::TooManyRows { max: crate::MAX_ROWS });
        }
        phones = phones.max(c.phones.len());
        emails = emails.max(c.emails.len());
    }
    if count == 0 {
        return Err(ImportError::NoContacts);
    }
    Ok(Layout {
        phones: phones.clamp(1, crate::rows::MAX_PHONES_PER_CUSTOMER),
        emails: emails.clamp(1, MAX_EMAIL_COLUMNS),
    })
}

/// The columns of a vCard file with this layout.
pub(crate) fn headers(layout: Layout) -> Vec<String> {
    let mut headers: Vec<String> = vec!["Name".into(), "Family Name".into(), "Middle Name".into(), "Given Name".into()];
    headers.extend((1..=layout.phones).map(|i| format!("Phone {i}")));
    headers.extend((1..=layout.emails).map(|i| format!("Email {i}")));
    headers.extend(["Birthday", "Gender", "Address", "Notes", "Categories"].map(String::from));
    headers
}

/// `values` in `columns` cells: the values beyond the last cell join it,
/// separated by `; ` (a contact with more numbers than the cap keeps them
/// all, and the row says it has too many).
fn spread(values: Vec<String>, columns: usize) -> impl Iterator<Item = String> {
    let mut cells: Vec<String> = Vec::with_capacity(columns);
    let mut values = values.into_iter();
    cells.extend(values.by_ref().take(columns));
    let rest: Vec<String> = values.collect();
    if !rest.is_empty()
        && let Some(last) = cells.last_mut()
    {
        last.push_str("; ");
        last.push_str(&rest.join("; "));
    }
    cells.resize(columns, String::new());
    cells.into_iter()
}

/// The contacts of a file as numbered records, one per contact (empty
/// contacts are left out but keep their number).
pub(crate) struct VcardRecords<R> {
    contacts: Contacts<R>,
    layout: Layout,
    position: u32,
}

impl<R: BufRead> VcardRecords<R> {
    pub(crate) fn new(input: R, layout: Layout) -> VcardRecords<R> {
        VcardRecords { contacts: Contacts::new(input), layout, position: 0 }
    }

    pub(crate) fn next_record(&mut self) -> Result<Option<(u32, Vec<String>)>, ImportError> {
        while let Some(c) = self.contacts.next_contact()? {
            self.position = self.position.saturating_add(1);
            if c.is_empty() {
                continue;
            }
            let mut cells = vec![c.formatted_name, c.family, c.middle, c.given];
            cells.extend(spread(c.phones, self.layout.phones));
            cells.extend(spread(c.emails, self.layout.emails));
            cells.push(c.birthday);
            cells.push(c.gender);
            cells.push(c.addresses.join("; "));
            cells.push(c.notes.join("\n"));
            cells.push(c.categories.join(", "));
            return Ok(Some((self.position, cells)));
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_printable_in_a_charset() {
        assert_eq!(decode_quoted_printable("Nguy=E1=BB=85n"), "Nguyễn".as_bytes());
        let prop = parse_property("N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Nguy=E1=BB=85n;An;;;").unwrap();
        assert!(prop.quoted_printable);
        assert_eq!(raw_value(&prop), "Nguyễn;An;;;");
        let prop = parse_property("FN;CHARSET=windows-1258;QUOTED-PRINTABLE:=D0=E3ng").unwrap();
        assert_eq!(raw_value(&prop), "Đăng");
    }

    #[test]
    fn escapes_and_structured_values() {
        assert_eq!(split_escaped(r"Đỗ;Văn\, Anh;;", ';'), ["Đỗ", "Văn, Anh", "", ""]);
        assert_eq!(unescape(r"dòng 1\ndòng 2\\"), "dòng 1\ndòng 2\\");
    }

    fn logical_lines(text: &str) -> Vec<String> {
        let mut lines = LogicalLines::new(text.as_bytes());
        let mut out = Vec::new();
        while let Some(line) = lines.next_line().unwrap() {
            out.push(line);
        }
        out
    }

    #[test]
    fn folded_lines_join() {
        let text =
            "BEGIN:VCARD\r\nNOTE:một hai\r\n  ba\r\nFN;ENCODING=QUOTED-PRINTABLE:Nguy=E1=BB=\r\n=85n\r\nEND:VCARD\r\n";
        let lines = logical_lines(text);
        assert_eq!(lines[1], "NOTE:một hai ba");
        assert_eq!(lines[2], "FN;ENCODING=QUOTED-PRINTABLE:Nguy=E1=BB=85n");
        // The head may itself be folded: quoted-printable is still recognised.
        let lines = logical_lines("FN;ENCODING=QUOTED-\r\n PRINTABLE:Nguy=E1=BB=\r\n=85n\r\nNOTE:x\n");
        assert_eq!(lines, ["FN;ENCODING=QUOTED-PRINTABLE:Nguy=E1=BB=85n", "NOTE:x"]);
    }

    #[test]
    fn a_runaway_line_is_cut_not_grown() {
        // A line without a colon folded a million times: each fold costs its
        // own length (the reader that re-read the growing line never ended).
        let mut text = String::from("BEGIN:VCARD\nX-NOTHING");
        text.push_str(&"\n x".repeat(1_000_000));
        text.push_str("\nFN:An\nEND:VCARD\n");
        let lines = logical_lines(&text);
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[1].len(), "X-NOTHING".len() + 1_000_000, "all of it is kept: 1 MB is the cap");
        assert_eq!(lines[2], "FN:An");
        let mut long = String::from("NOTE:");
        long.push_str(&"ư".repeat(MAX_LINE_BYTES));
        let lines = logical_lines(&long);
        assert!(lines[0].len() <= MAX_LINE_BYTES && lines[0].len() > MAX_LINE_BYTES - 4, "cut at the cap");
    }

    #[test]
    fn numbers_beyond_the_columns_share_the_last_one() {
        let text = "BEGIN:VCARD\nFN:An\nTEL:1\nTEL:2\nEND:VCARD\nBEGIN:VCARD\nEND:VCARD\nBEGIN:VCARD\nFN:Bình\nTEL:3\nEND:VCARD\n";
        let layout = scan_layout(text.as_bytes()).unwrap();
        assert_eq!(layout, Layout { phones: 2, emails: 1 });
        let many: String = (0..15).map(|i| format!("TEL:09{i:08}\n")).collect();
        let text = format!("BEGIN:VCARD\nFN:Chi\n{many}END:VCARD\n");
        let layout = scan_layout(text.as_bytes()).unwrap();
        assert_eq!(layout.phones, crate::rows::MAX_PHONES_PER_CUSTOMER);
        let mut records = VcardRecords::new(text.as_bytes(), layout);
        let (number, cells) = records.next_record().unwrap().unwrap();
        assert_eq!(number, 1);
        let last = &cells[4 + layout.phones - 1];
        assert_eq!(last.split("; ").count(), 6, "phones 10 to 15 in the last column: {last}");
        assert_eq!(scan_layout("hello".as_bytes()), Err(ImportError::NoContacts));
    }
}
