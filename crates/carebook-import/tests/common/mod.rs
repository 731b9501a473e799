//! What the integration tests share: fixtures, files written by hand (ZIP
//! archives, deflate streams, XLS workbooks), the process's peak memory.
#![allow(dead_code)]

use std::io::{Cursor, Read, Write};
use std::path::PathBuf;

use chrono::NaiveDate;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import").join(name)
}

pub fn fixture(name: &str) -> Vec<u8> {
    let path = fixture_path(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The process's peak resident memory so far, in MiB (Linux only).
pub fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

// ---------- ZIP archives by hand ----------

pub fn crc32(data: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (i, slot) in table.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
        *slot = c;
    }
    let mut crc = !0u32;
    for &b in data {
        crc = table[((crc ^ u32::from(b)) & 0xFF) as usize] ^ (crc >> 8);
    }
    !crc
}

/// One entry of a hand-written archive: its data as stored (already
/// deflated when `deflated`), and the size and CRC it declares.
pub struct Entry {
    pub name: String,
    pub data: Vec<u8>,
    pub deflated: bool,
    pub size: u32,
    pub crc: u32,
}

impl Entry {
    pub fn stored(name: &str, data: &[u8]) -> Entry {
        Entry { name: name.into(), data: data.to_vec(), deflated: false, size: data.len() as u32, crc: crc32(data) }
    }
}

/// A ZIP archive of the entries, exactly as they say.
pub fn zip(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let method: u16 = if e.deflated { 8 } else { 0 };
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(sig.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes());
            }
            h.extend(20u16.to_le_bytes());
            h.extend(0u16.to_le_bytes()); // flags
            h.extend(method.to_le_bytes());
            h.extend(0u16.to_le_bytes()); // time
            h.extend(0x21u16.to_le_bytes()); // 1980-01-01
            h.extend(e.crc.to_le_bytes());
            h.extend((e.data.len() as u32).to_le_bytes());
            h.extend(e.size.to_le_bytes());
            h.extend((e.name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend(0u16.to_le_bytes()); // comment
                h.extend(0u16.to_le_bytes()); // disk
                h.extend(0u16.to_le_bytes()); // internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(e.name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend(&e.data);
        central.extend(header(0x0201_4b50, true));
    }
    let cd_offset = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// The stored entries of the shipped hand-written XLSX fixture.
pub fn fixture_xlsx_entries() -> Vec<Entry> {
    let bytes = fixture("khach-hang-serial.xlsx");
    let mut archive = ::zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            Entry::stored(f.name(), &data)
        })
        .collect()
}

// ---------- deflate streams by hand ----------

struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u32, count: u32) {
        self.acc |= u64::from(value) << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code: most significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        let reversed = code.reverse_bits() >> (32 - len);
        self.put(reversed, len);
    }

    fn literal(&mut self, v: u8) {
        let v = u32::from(v);
        if v <= 143 { self.code(0x30 + v, 8) } else { self.code(0x190 + v - 144, 9) }
    }
}

/// A deflate stream (one fixed-Huffman block) of `prefix`, `count` times
/// `fill`, then `suffix`, without ever holding the expanded bytes: 258
/// bytes cost 13 bits, so a gigabyte takes 6.5 MB.
pub fn deflate_fill(prefix: &[u8], fill: u8, count: u64, suffix: &[u8]) -> Vec<u8> {
    let mut b = Bits { out: Vec::with_capacity((count / 150) as usize + 64), acc: 0, n: 0 };
    b.put(1, 1); // last block
    b.put(1, 2); // fixed Huffman codes
    prefix.iter().for_each(|&v| b.literal(v));
    if count > 0 {
        b.literal(fill);
        let rest = count - 1;
        for _ in 0..rest / 258 {
            b.code(0xC5, 8); // length 258
            b.code(0, 5); // distance 1
        }
        for _ in 0..rest % 258 {
            b.literal(fill);
        }
    }
    suffix.iter().for_each(|&v| b.literal(v));
    b.code(0, 7); // end of block
    b.put(0, 7);
    b.out
}

// ---------- XLS workbooks by hand (BIFF8 in a compound file) ----------

pub fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    out.extend(typ.to_le_bytes());
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
}

/// A cell of a hand-written sheet.
pub enum XlsCell {
    Text(u16, u16, &'static str),
    Number(u16, u16, f64),
}

/// One sheet: its name, its DIMENSIONS record (`None`: none) and cells,
/// plus raw records appended after them.
pub struct XlsSheet {
    pub name: &'static str,
    pub dimensions: Option<(u32, u32, u16, u16)>,
    pub cells: Vec<XlsCell>,
    pub raw: Vec<(u16, Vec<u8>)>,
}

/// The workbook stream of `sheets`; `position` overrides where the first
/// sheet says it starts.
pub fn biff(sheets: &[XlsSheet], position: Option<u32>) -> Vec<u8> {
    let bof = |dt: u16| {
        let mut d = Vec::new();
        d.extend(0x0600u16.to_le_bytes());
        d.extend(dt.to_le_bytes());
        d.extend([0u8; 12]);
        d
    };
    let boundsheet = |pos: u32, name: &str| {
        let mut d = Vec::new();
        d.extend(pos.to_le_bytes());
        d.extend([0u8, 0u8]); // visible worksheet
        d.push(name.len() as u8);
        d.push(0); // 8-bit characters
        d.extend(name.as_bytes());
        d
    };
    let substream = |s: &XlsSheet| {
        let mut out = Vec::new();
        record(&mut out, 0x0809, &bof(0x0010));
        if let Some((rf, rl, cf, cl)) = s.dimensions {
            let mut d = Vec::new();
            d.extend(rf.to_le_bytes());
            d.extend(rl.to_le_bytes());
            d.extend(cf.to_le_bytes());
            d.extend(cl.to_le_bytes());
            d.extend(0u16.to_le_bytes());
            record(&mut out, 0x0200, &d);
        }
        for cell in &s.cells {
            match cell {
                XlsCell::Text(r, c, text) => {
                    let mut d = Vec::new();
                    d.extend(r.to_le_bytes());
                    d.extend(c.to_le_bytes());
                    d.extend(0u16.to_le_bytes());
                    d.extend((text.len() as u16).to_le_bytes());
                    d.push(0);
                    d.extend(text.as_bytes());
                    record(&mut out, 0x0204, &d);
                }
                XlsCell::Number(r, c, v) => {
                    let mut d = Vec::new();
                    d.extend(r.to_le_bytes());
                    d.extend(c.to_le_bytes());
                    d.extend(0u16.to_le_bytes());
                    d.extend(v.to_le_bytes());
                    record(&mut out, 0x0203, &d);
                }
            }
        }
        for (typ, data) in &s.raw {
            record(&mut out, *typ, data);
        }
        record(&mut out, 0x000A, &[]);
        out
    };
    // The globals' length does not depend on the positions written in them.
    let globals_len = |positions: &[u32]| {
        let mut g = Vec::new();
        record(&mut g, 0x0809, &bof(0x0005));
        for (s, &p) in sheets.iter().zip(positions) {
            record(&mut g, 0x0085, &boundsheet(p, s.name));
        }
        record(&mut g, 0x000A, &[]);
        g
    };
    let streams: Vec<Vec<u8>> = sheets.iter().map(substream).collect();
    let mut pos = globals_len(&vec![0; sheets.len()]).len() as u32;
    let mut positions = Vec::new();
    for s in &streams {
        positions.push(pos);
        pos += s.len() as u32;
    }
    if let (Some(p), Some(first)) = (position, positions.first_mut()) {
        *first = p;
    }
    let mut out = globals_len(&positions);
    for s in streams {
        out.extend(s);
    }
    out
}

/// A compound file holding `stream` as its workbook.
pub fn xls(stream: &[u8]) -> Vec<u8> {
    let mut cfb = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    cfb.create_stream("Workbook").unwrap().write_all(stream).unwrap();
    cfb.flush().unwrap();
    cfb.into_inner().into_inner()
}
