//! Excel workbooks (XLSX, and the older XLS) through `calamine`, after the
//! file has been checked for what could make reading it explode.
//!
//! Cells become text the way a person reads them: whole numbers without a
//! decimal point (a phone number typed as a number stays `901234567`), dates
//! as `yyyy-mm-dd`. Sheets are read row by row (an XLSX sheet cell by cell,
//! as `calamine` parses its XML), so a file that claims a cell far away
//! (row 1,000,000, column XFD) cannot make the reader allocate the whole
//! empty rectangle.
//!
//! Before `calamine` sees an XLSX file, its ZIP central directory is walked:
//! only a real XLSX workbook is accepted (not XLSB, ODS or another ZIP), and
//! a part that would unpack to more than [`MAX_PART_BYTES`]
//! ([`MAX_SHARED_STRINGS_BYTES`] for the shared strings), parts that unpack
//! to more than [`MAX_UNPACKED_BYTES`] together, or a part compressed more
//! than [`MAX_COMPRESSION_RATIO`]:1 are refused. Then every compressed part
//! is unpacked once through a limit of the size it declares, so a part that
//! lies about its size cannot go past the budget either.
//!
//! An XLS file is a compound file whose workbook stream `calamine` parses
//! whole, allocating each sheet as the rectangle its cells span: the stream
//! is read here first and refused when a sheet declares or spans more than
//! [`MAX_XLS_CELLS`] cells, or points outside the stream; `calamine` then
//! gets a fresh compound file holding only that checked stream.

use std::collections::VecDeque;
use std::io::{self, Cursor, Read, Seek, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, SyncSender};

use calamine::{Data, DataRef, Reader, Xls, Xlsx};

use crate::{ImportError, MAX_COLUMNS, MAX_ROWS};

/// One part of an XLSX file (a sheet, the styles…) may unpack to this much.
pub const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;
/// The shared strings, which `calamine` holds in memory whole, may unpack to this much.
pub const MAX_SHARED_STRINGS_BYTES: u64 = 64 * 1024 * 1024;
/// All parts of an XLSX file together may unpack to this much.
pub const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;
/// A part larger than [`RATIO_CHECKED_FROM`] compressed more than this is a bomb.
pub const MAX_COMPRESSION_RATIO: u64 = 200;
/// Parts up to this size may be compressed as much as they like.
pub const RATIO_CHECKED_FROM: u64 = 10 * 1024 * 1024;
/// An XLSX file has a few dozen parts; more than this is not a workbook.
pub const MAX_ZIP_ENTRIES: usize = 10_000;
/// An XLS file larger than this is refused (the format holds 65,536 rows).
pub const MAX_XLS_BYTES: u64 = 100 * 1024 * 1024;
/// The cells an XLS file's sheets may declare or span, all sheets together
/// (65,536 rows of 32 columns): `calamine` allocates them all.
pub const MAX_XLS_CELLS: u64 = 1 << 21;

/// What a workbook reader tells the rows' consumer, in this order: the
/// sheets, the sheet read, its records, the end (or an error).
#[derive(Debug)]
pub(crate) enum Msg {
    Sheets(Vec<String>),
    Sheet(String),
    Record(u32, Vec<String>),
    End,
    Failed(ImportError),
}

fn unreadable(e: impl std::fmt::Display) -> ImportError {
    ImportError::Spreadsheet(e.to_string())
}

/// Runs a piece of `calamine`: a panic on a damaged file becomes an error.
fn guarded<T>(f: impl FnOnce() -> Result<T, ImportError>) -> Result<T, ImportError> {
    catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(ImportError::Spreadsheet("the workbook is damaged".into())))
}

// ---------- XLSX: the ZIP archive ----------

fn too_large(part: &str, reason: String) -> ImportError {
    ImportError::Unpacks { part: part.to_owned(), reason }
}

/// Checks an XLSX file before `calamine` opens it (see the module's text).
pub(crate) fn check_xlsx<R: Read + Seek>(reader: R) -> Result<(), ImportError> {
    let mut zip = zip::ZipArchive::new(reader).map_err(unreadable)?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(too_large("the archive", format!("it holds {} parts; a workbook has a few dozen", zip.len())));
    }
    let has = |name: &str| zip.index_for_name(name).is_some();
    if has("xl/workbook.bin") {
        return Err(ImportError::Unsupported(
            "this is an Excel binary workbook (XLSB); save it as an Excel workbook (.xlsx) and import that".into(),
        ));
    }
    if has("mimetype") || has("content.xml") {
        return Err(ImportError::Unsupported(
            "this is an OpenDocument spreadsheet (ODS); save it as an Excel workbook (.xlsx) and import that".into(),
        ));
    }
    if !has("xl/workbook.xml") {
        return Err(ImportError::Unsupported("this ZIP archive is not an Excel workbook".into()));
    }
    let mut total: u64 = 0;
    let mut compressed: Vec<(usize, u64)> = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(unreadable)?;
        let name = entry.name().to_owned();
        let packed = entry.compressed_size();
        let stored = entry.compression() == zip::CompressionMethod::Stored;
        // A stored part is read as far as its compressed size says.
        let size = if stored { entry.size().max(packed) } else { entry.size() };
        let cap = if name.to_ascii_lowercase().ends_with("sharedstrings.xml") {
            MAX_SHARED_STRINGS_BYTES
        } else {
            MAX_PART_BYTES
        };
        if size > cap {
            return Err(too_large(&name, format!("it unpacks to {size} bytes; at most {cap} are read")));
        }
        total = total.saturating_add(size);
        if total > MAX_UNPACKED_BYTES {
            return Err(too_large(&name, format!("the parts unpack to more than {MAX_UNPACKED_BYTES} bytes together")));
        }
        if size > RATIO_CHECKED_FROM && size / packed.max(1) > MAX_COMPRESSION_RATIO {
            return Err(too_large(
                &name,
                format!("it is compressed {}:1 ({size} bytes in {packed}); no spreadsheet is", size / packed.max(1)),
            ));
        }
        if !stored {
            compressed.push((i, size));
        }
    }
    // The sizes above are what the archive declares: unpack each part
    // through a limit of its declared size, so one that lies is caught
    // after that many bytes rather than after gigabytes.
    for (i, declared) in compressed {
        let mut entry = zip.by_index(i).map_err(unreadable)?;
        let name = entry.name().to_owned();
        let unpacked = io::copy(&mut (&mut entry).take(declared + 1), &mut io::sink()).map_err(unreadable)?;
        if unpacked > declared {
            return Err(too_large(&name, format!("it unpacks to more than the {declared} bytes it declares")));
        }
    }
    Ok(())
}

// ---------- XLS: the compound file and its BIFF records ----------

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// BIFF records from `at`: type and data, up to the end of the stream.
fn records(stream: &[u8], mut at: usize) -> impl Iterator<Item = Result<(u16, &[u8]), ImportError>> {
    std::iter::from_fn(move || {
        if at >= stream.len() {
            return None;
        }
        let (Some(typ), Some(len)) = (u16_at(stream, at), u16_at(stream, at + 2)) else {
            at = stream.len();
            return Some(Err(ImportError::Spreadsheet("the workbook stream ends inside a record".into())));
        };
        let start = at + 4;
        let Some(data) = stream.get(start..start + usize::from(len)) else {
            at = stream.len();
            return Some(Err(ImportError::Spreadsheet("the workbook stream ends inside a record".into())));
        };
        at = start + usize::from(len);
        Some(Ok((typ, data)))
    })
}

/// The rectangle a set of cells spans.
#[derive(Default)]
struct Extent {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Extent {
    fn add(&mut self, row: u32, col_first: u32, col_last: u32) {
        let (r0, r1) = self.rows.unwrap_or((row, row));
        self.rows = Some((r0.min(row), r1.max(row)));
        let (c0, c1) = self.cols.unwrap_or((col_first, col_last));
        self.cols = Some((c0.min(col_first), c1.max(col_last)));
    }

    fn cells(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1),
            _ => 0,
        }
    }
}

fn sheet_too_large(sheet: usize, what: String) -> ImportError {
    ImportError::Unpacks { part: format!("sheet {}", sheet + 1), reason: what }
}

/// Checks the workbook stream of an XLS file as `calamine` will parse it:
/// every sheet's declared size (`DIMENSIONS`, which it reserves) and the
/// rectangles its value and formula cells span (which it allocates).
fn check_biff(stream: &[u8]) -> Result<(), ImportError> {
    let mut sheets: Vec<usize> = Vec::new();
    for record in records(stream, 0) {
        match record? {
            // BoundSheet8: where a sheet's records start.
            (0x0085, data) => match u32_at(data, 0) {
                Some(pos) if data.len() >= 6 => sheets.push(pos as usize),
                _ => return Err(ImportError::Spreadsheet("a sheet entry of the workbook is cut short".into())),
            },
            (0x000A, _) => break,
            _ => {}
        }
    }
    let mut budget = MAX_XLS_CELLS;
    for (n, &pos) in sheets.iter().enumerate() {
        if pos >= stream.len() {
            return Err(ImportError::Spreadsheet(format!("sheet {} starts outside the workbook", n + 1)));
        }
        let (mut values, mut formulas) = (Extent::default(), Extent::default());
        for record in records(stream, pos) {
            let (typ, data) = record?;
            let row = || u16_at(data, 0).map(u32::from);
            let col = || u16_at(data, 2).map(u32::from);
            match typ {
                0x000A => break,
                // Dimensions: `calamine` reserves rows × columns cells.
                0x0200 => {
                    let (rf, rl, cf, cl) = match data.len() {
                        10 => (
                            i64::from(u16_at(data, 0).unwrap_or(0)),
                            i64::from(u16_at(data, 2).unwrap_or(0)),
                            i64::from(u16_at(data, 4).unwrap_or(0)),
                            i64::from(u16_at(data, 6).unwrap_or(0)),
                        ),
                        14 => (
                            i64::from(u32_at(data, 0).unwrap_or(0)),
                            i64::from(u32_at(data, 4).unwrap_or(0)),
                            i64::from(u16_at(data, 8).unwrap_or(0)),
                            i64::from(u16_at(data, 10).unwrap_or(0)),
                        ),
                        _ => continue, // `calamine` refuses it with its own error
                    };
                    // As `calamine` reads them: last row and column are exclusive.
                    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                    let (rows, cols) = if rl >= 1 && cl >= 1 { (rl - rf, cl - cf) } else { (1, 1) };
                    if rows < 1 || cols < 1 {
                        return Err(ImportError::Spreadsheet(format!(
                            "sheet {} declares its last row or column before its first",
                            n + 1
                        )));
                    }
                    let declared = (rows as u64).saturating_mul(cols as u64);
                    if declared > MAX_XLS_CELLS || rows as u64 > MAX_ROWS as u64 {
                        return Err(sheet_too_large(
                            n,
                            format!("it declares {rows} rows × {cols} columns; at most {MAX_XLS_CELLS} cells are read"),
                        ));
                    }
                }
                // Number, Label, BoolErr, RK, LabelSst: one cell each.
                0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD => {
                    if let (Some(r), Some(c)) = (row(), col()) {
                        values.add(r, c, c);
                    }
                }
                // Formula: a value cell and a formula cell.
                0x0006 => {
                    if let (Some(r), Some(c)) = (row(), col()) {
                        values.add(r, c, c);
                        formulas.add(r, c, c);
                    }
                }
                // MulRk: a run of cells in one row.
                0x00BD => {
                    let (Some(r), Some(first), Some(last)) = (row(), col(), u16_at(data, data.len().saturating_sub(2)))
                    else {
                        continue;
                    };
                    let last = u32::from(last);
                    if data.len() < 6 || last < first || data.len() != 6 + 6 * (last - first + 1) as usize {
                        return Err(ImportError::Spreadsheet(format!("a run of cells of sheet {} is damaged", n + 1)));
                    }
                    values.add(r, first, last);
                }
                _ => {}
            }
        }
        let spanned = values.cells().saturating_add(formulas.cells());
        if spanned > budget {
            return Err(sheet_too_large(
                n,
                format!("its cells span {spanned} cells; at most {MAX_XLS_CELLS} are read in all sheets"),
            ));
        }
        budget -= spanned;
    }
    Ok(())
}

/// An XLS file checked and rewritten for `calamine`: a fresh compound file
/// holding only the checked workbook stream.
pub(crate) fn prepare_xls(file: impl Read + Seek) -> Result<Vec<u8>, ImportError> {
    let mut cfb = cfb::CompoundFile::open(file).map_err(unreadable)?;
    if cfb.exists("EncryptedPackage") {
        return Err(ImportError::Unsupported(
            "the workbook is protected by a password; save a copy without the password and import that".into(),
        ));
    }
    let name = ["Workbook", "Book"]
        .into_iter()
        .find(|n| cfb.is_stream(n))
        .ok_or_else(|| ImportError::Unsupported("this file is not an Excel workbook".into()))?;
    let mut stream = Vec::new();
    cfb.open_stream(name).and_then(|s| s.take(MAX_XLS_BYTES + 1).read_to_end(&mut stream)).map_err(unreadable)?;
    if stream.len() as u64 > MAX_XLS_BYTES {
        return Err(ImportError::TooLarge { size: stream.len(), max: MAX_XLS_BYTES as usize });
    }
    check_biff(&stream)?;
    let mut fresh = cfb::CompoundFile::create(Cursor::new(Vec::new())).map_err(unreadable)?;
    fresh.create_stream(name).and_then(|mut s| s.write_all(&stream)).map_err(unreadable)?;
    fresh.flush().map_err(unreadable)?;
    Ok(fresh.into_inner().into_inner())
}

// ---------- reading sheets ----------

/// A checked workbook, open in `calamine`.
pub(crate) enum Book<RS: Read + Seek> {
    Xlsx(Box<Xlsx<RS>>),
    Xls(Box<Xls<Cursor<Vec<u8>>>>),
}

/// Opens a checked XLSX file.
pub(crate) fn open_xlsx<RS: Read + Seek>(reader: RS) -> Result<Book<RS>, ImportError> {
    guarded(|| Xlsx::new(reader).map(|x| Book::Xlsx(Box::new(x))).map_err(unreadable))
}

/// Opens a checked XLS file (from [`prepare_xls`]); `RS` is the reader
/// type the XLSX variant would have.
pub(crate) fn open_xls<RS: Read + Seek>(prepared: Vec<u8>) -> Result<Book<RS>, ImportError> {
    guarded(|| Xls::new(Cursor::new(prepared)).map(|x| Book::Xls(Box::new(x))).map_err(unreadable))
}

/// Where the messages go; `false` back means nobody listens any more.
type Sink<'a> = &'a mut dyn FnMut(Msg) -> bool;

/// A row being assembled from its cells.
struct RowBuf {
    row: u32,
    cells: Vec<String>,
}

impl RowBuf {
    fn put(&mut self, col: u32, text: String) {
        let col = col as usize;
        if self.cells.len() <= col {
            self.cells.resize(col + 1, String::new());
        }
        self.cells[col] = text;
    }
}

/// Sends the rows of one sheet, numbered as Excel numbers them (from 1).
/// `announce` goes first, before the first row; returns whether the sheet
/// had a row (nothing is sent for an empty sheet), `None` when the listener left.
fn send_sheet<RS: Read + Seek>(
    book: &mut Book<RS>,
    name: &str,
    sink: Sink<'_>,
    announce: &mut Option<String>,
) -> Result<Option<bool>, ImportError> {
    let mut any = false;
    let mut send = |row: RowBuf, sink: Sink<'_>| -> bool {
        if let Some(sheet) = announce.take() {
            any = true;
            if !sink(Msg::Sheet(sheet)) {
                return false;
            }
        }
        sink(Msg::Record(row.row + 1, row.cells))
    };
    let check = |row: u32| {
        if row as usize > MAX_ROWS + 10 { Err(ImportError::TooManyRows { max: MAX_ROWS }) } else { Ok(()) }
    };
    match book {
        Book::Xlsx(xlsx) => {
            let mut cells = guarded(|| xlsx.worksheet_cells_reader(name).map_err(unreadable))?;
            let mut current: Option<RowBuf> = None;
            loop {
                let next = guarded(|| match cells.next_cell() {
                    Ok(Some(cell)) => {
                        let (row, col) = cell.get_position();
                        Ok(Some((row, col, data_ref_text(cell.get_value()))))
                    }
                    Ok(None) => Ok(None),
                    Err(e) => Err(unreadable(e)),
                })?;
                let Some((row, col, text)) = next else { break };
                if text.is_empty() || col as usize >= MAX_COLUMNS {
                    continue;
                }
                check(row)?;
                match current.as_mut() {
                    Some(buf) if buf.row == row => buf.put(col, text),
                    Some(buf) if buf.row > row => {
                        return Err(ImportError::Spreadsheet(format!(
                            "the rows of sheet `{name}` are out of order (row {} after row {})",
                            row + 1,
                            buf.row + 1
                        )));
                    }
                    _ => {
                        if let Some(done) = current.take()
                            && !send(done, sink)
                        {
                            return Ok(None);
                        }
                        let mut buf = RowBuf { row, cells: Vec::new() };
                        buf.put(col, text);
                        current = Some(buf);
                    }
                }
            }
            if let Some(done) = current.take()
                && !send(done, sink)
            {
                return Ok(None);
            }
        }
        Book::Xls(xls) => {
            let range = guarded(|| xls.worksheet_range(name).map_err(unreadable))?;
            let (row0, col0) = range.start().unwrap_or((0, 0));
            for (i, cells) in range.rows().enumerate() {
                let row = row0 + i as u32;
                check(row)?;
                let mut buf = RowBuf { row, cells: Vec::new() };
                for (j, cell) in cells.iter().enumerate() {
                    let col = col0 + j as u32;
                    let text = data_text(cell);
                    if !text.is_empty() && (col as usize) < MAX_COLUMNS {
                        buf.put(col, text);
                    }
                }
                if !buf.cells.is_empty() && !send(buf, sink) {
                    return Ok(None);
                }
            }
        }
    }
    Ok(Some(any))
}

/// Sends a workbook: its sheets, then the rows of `sheet` or of the first
/// sheet with data, then `End` (or `Failed`).
pub(crate) fn send_workbook<RS: Read + Seek>(book: Result<Book<RS>, ImportError>, sheet: Option<&str>, sink: Sink<'_>) {
    let result = (|| -> Result<bool, ImportError> {
        let mut book = book?;
        let sheets = match &book {
            Book::Xlsx(x) => x.sheet_names(),
            Book::Xls(x) => x.sheet_names(),
        };
        if sheets.is_empty() {
            return Err(ImportError::Spreadsheet("the workbook has no sheet".into()));
        }
        let candidates: Vec<String> = match sheet {
            Some(name) if sheets.iter().any(|s| s == name) => vec![name.to_owned()],
            Some(name) => return Err(ImportError::NoSuchSheet(name.to_owned())),
            None => sheets.clone(),
        };
        if !sink(Msg::Sheets(sheets)) {
            return Ok(false);
        }
        for name in &candidates {
            let mut announce = Some(name.clone());
            match send_sheet(&mut book, name, sink, &mut announce)? {
                None => return Ok(false),
                Some(true) => return Ok(true),
                Some(false) => {}
            }
        }
        // No sheet has data: the first one, empty.
        Ok(sink(Msg::Sheet(candidates[0].clone())))
    })();
    match result {
        Ok(true) => {
            sink(Msg::End);
        }
        Ok(false) => {}
        Err(e) => {
            sink(Msg::Failed(e));
        }
    }
}

/// Where the messages of a workbook come from: read ahead in memory, or
/// from the thread reading the file.
pub(crate) enum Messages {
    Memory(VecDeque<Msg>),
    Thread(Receiver<Msg>),
}

impl Messages {
    /// Reads a workbook in memory, whole.
    pub(crate) fn in_memory<RS: Read + Seek>(book: Result<Book<RS>, ImportError>, sheet: Option<&str>) -> Messages {
        let mut queue = VecDeque::new();
        send_workbook(book, sheet, &mut |m| {
            queue.push_back(m);
            true
        });
        Messages::Memory(queue)
    }

    pub(crate) fn next(&mut self) -> Msg {
        let lost = || Msg::Failed(ImportError::Spreadsheet("the workbook could not be read to the end".into()));
        match self {
            Messages::Memory(queue) => queue.pop_front().unwrap_or_else(lost),
            Messages::Thread(rx) => rx.recv().unwrap_or_else(|_| lost()),
        }
    }
}

/// Spawns the thread that reads a workbook file: `open` checks and opens
/// it there, and its messages come back through a channel of `depth` messages.
pub(crate) fn spawn_reader<RS, F>(open: F, sheet: Option<String>, depth: usize) -> Messages
where
    RS: Read + Seek,
    F: FnOnce() -> Result<Book<RS>, ImportError> + Send + 'static,
{
    let (tx, rx): (SyncSender<Msg>, Receiver<Msg>) = std::sync::mpsc::sync_channel(depth);
    let spawned = std::thread::Builder::new().name("carebook-import-workbook".into()).spawn(move || {
        let book = guarded(open);
        send_workbook(book, sheet.as_deref(), &mut |m| tx.send(m).is_ok());
    });
    match spawned {
        Ok(_) => Messages::Thread(rx),
        Err(e) => {
            let mut queue = VecDeque::new();
            queue.push_back(Msg::Failed(ImportError::Io(e.to_string())));
            Messages::Memory(queue)
        }
    }
}

// ---------- cell text ----------

/// A number as a person typed it: `901234567`, not `901234567.0`.
fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 { format!("{}", f as i64) } else { f.to_string() }
}

fn date_text(dt: &calamine::ExcelDateTime) -> String {
    if dt.is_duration() {
        return number_text(dt.as_f64());
    }
    match dt.as_datetime() {
        Some(d) if d.time() == chrono::NaiveTime::MIN => d.date().format("%Y-%m-%d").to_string(),
        Some(d) => d.format("%Y-%m-%d %H:%M:%S").to_string(),
        None => number_text(dt.as_f64()),
    }
}

fn data_text(d: &Data) -> String {
    match d {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => (if *b { "TRUE" } else { "FALSE" }).to_owned(),
        Data::DateTime(dt) => date_text(dt),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_owned(),
    }
}

fn data_ref_text(d: &DataRef<'_>) -> String {
    match d {
        DataRef::Empty | DataRef::Error(_) => String::new(),
        DataRef::String(s) => s.trim().to_owned(),
        DataRef::SharedString(s) => s.trim().to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::Bool(b) => (if *b { "TRUE" } else { "FALSE" }).to_owned(),
        DataRef::DateTime(dt) => date_text(dt),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.trim().to_owned(),
    }
}
