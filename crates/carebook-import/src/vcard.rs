//! vCard files (`.vcf`) as phones and address books export them: versions
//! 2.1, 3.0 and 4.0, several contacts per file, several numbers per contact.
//!
//! Handled: folded lines, `item1.`-style groups, 2.1's quoted-printable values
//! with a `CHARSET`, 3.0/4.0 escapes (`\,` `\;` `\n`), `tel:` URIs. Photos and
//! other binary values are skipped. Each contact becomes a row whose number is
//! the contact's position in the file.

use crate::{ImportError, Row, Table};

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

/// Physical lines joined into logical ones: a line starting with a space or
/// tab continues the previous one; a quoted-printable line ending in `=` too.
fn logical_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut qp_open = false;
    for line in text.split(['\n', '\r']).filter(|l| !l.is_empty()) {
        if let Some(last) = lines.last_mut() {
            if qp_open {
                last.pop(); // the soft line break `=`
                last.push_str(line.trim_start());
                qp_open = last.ends_with('=');
                continue;
            }
            if line.starts_with([' ', '\t']) {
                last.push_str(&line[1..]);
                qp_open = is_quoted_printable(last) && last.ends_with('=');
                continue;
            }
        }
        lines.push(line.to_owned());
        qp_open = is_quoted_printable(line) && line.ends_with('=');
    }
    lines
}

fn is_quoted_printable(line: &str) -> bool {
    let head = line.split(':').next().unwrap_or("");
    head.to_ascii_uppercase().contains("QUOTED-PRINTABLE")
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

pub(crate) fn read(text: &str) -> Result<Table, ImportError> {
    let mut contacts: Vec<Contact> = Vec::new();
    let mut current: Option<Contact> = None;
    for line in logical_lines(text) {
        let trimmed = line.trim();
        if trimmed.eq_ignore_ascii_case("BEGIN:VCARD") {
            if let Some(c) = current.take() {
                contacts.push(c);
            }
            current = Some(Contact::default());
            continue;
        }
        if trimmed.eq_ignore_ascii_case("END:VCARD") {
            if let Some(c) = current.take() {
                contacts.push(c);
            }
            continue;
        }
        if let (Some(contact), Some(prop)) = (current.as_mut(), parse_property(&line)) {
            apply(contact, &prop);
        }
        if contacts.len() > crate::MAX_ROWS {
            return Err(ImportError::TooManyRows { max: crate::MAX_ROWS });
        }
    }
    if let Some(c) = current.take() {
        contacts.push(c);
    }
    if contacts.is_empty() {
        return Err(ImportError::NoContacts);
    }
    let phones = contacts.iter().map(|c| c.phones.len()).max().unwrap_or(0).clamp(1, 20);
    let emails = contacts.iter().map(|c| c.emails.len()).max().unwrap_or(0).clamp(1, 10);
    let mut headers: Vec<String> = vec!["Name".into(), "Family Name".into(), "Middle Name".into(), "Given Name".into()];
    headers.extend((1..=phones).map(|i| format!("Phone {i}")));
    headers.extend((1..=emails).map(|i| format!("Email {i}")));
    headers.extend(["Birthday", "Gender", "Address", "Notes", "Categories"].map(String::from));
    let rows = contacts
        .into_iter()
        .enumerate()
        .filter(|(_, c)| !c.is_empty())
        .map(|(i, c)| {
            let mut cells = vec![c.formatted_name, c.family, c.middle, c.given];
            cells.extend((0..phones).map(|k| c.phones.get(k).cloned().unwrap_or_default()));
            cells.extend((0..emails).map(|k| c.emails.get(k).cloned().unwrap_or_default()));
            cells.push(c.birthday);
            cells.push(c.gender);
            cells.push(c.addresses.join("; "));
            cells.push(c.notes.join("\n"));
            cells.push(c.categories.join(", "));
            Row { number: u32::try_from(i + 1).unwrap_or(u32::MAX), cells }
        })
        .collect();
    Ok(Table { headers, rows })
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

    #[test]
    fn folded_lines_join() {
        let text =
            "BEGIN:VCARD\r\nNOTE:một hai\r\n  ba\r\nFN;ENCODING=QUOTED-PRINTABLE:Nguy=E1=BB=\r\n=85n\r\nEND:VCARD\r\n";
        let lines = logical_lines(text);
        assert_eq!(lines[1], "NOTE:một hai ba");
        assert_eq!(lines[2], "FN;ENCODING=QUOTED-PRINTABLE:Nguy=E1=BB=85n");
    }
}
