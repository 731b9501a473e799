//! A customer list read as a stream of rows: [`open_path`] reads a file on
//! disk (any size: memory does not grow with the file), [`open_bytes`] the
//! bytes of an upload. Both detect the format and the text encoding from the
//! first bytes, read the header and the first rows (for the column preview),
//! then hand out the rest of the rows one at a time.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::csv_reader::{CsvRecords, sniff_delimiter};
use crate::encoding::{self, DecodingReader, TextEncoding};
use crate::own_export::{FileKind, file_kind, undefuse};
use crate::vcard::{self, VcardRecords};
use crate::xlsx::{self, Messages, Msg};
use crate::{
    Field, FileContents, FileFormat, ImportError, MAX_COLUMNS, MAX_ROWS, ReadOptions, Row, Table, columns,
    detect_format,
};

/// The first rows read before any is handed out: the preview's samples.
pub const SAMPLE_ROWS: usize = 100;
/// How much of a file is read to tell its format and encoding.
const HEAD_BYTES: u64 = 1024 * 1024;
/// How much text the separator is guessed from.
const SNIFF_BYTES: usize = 64 * 1024;
/// Rows a workbook's reading thread may be ahead of the consumer.
const WORKBOOK_AHEAD: usize = 1024;

/// How far a reader is through its file, shared with whoever shows it
/// (clone it and ask from another thread). For a workbook it counts the
/// compressed bytes read, so it moves in steps.
#[derive(Debug, Clone)]
pub struct ReadProgress {
    read: Arc<AtomicU64>,
    total: u64,
}

impl ReadProgress {
    fn new(total: u64) -> ReadProgress {
        ReadProgress { read: Arc::new(AtomicU64::new(0)), total }
    }

    /// Bytes of the file read so far (never more than the total).
    pub fn bytes_read(&self) -> u64 {
        self.read.load(Ordering::Relaxed).min(self.total)
    }

    /// The size of the file.
    pub fn total_bytes(&self) -> u64 {
        self.total
    }

    /// `bytes_read / total_bytes`, from 0 to 1.
    pub fn fraction(&self) -> f64 {
        if self.total == 0 { 1.0 } else { self.bytes_read() as f64 / self.total as f64 }
    }

    fn add(&self, n: usize) {
        self.read.fetch_add(n as u64, Ordering::Relaxed);
    }

    fn set(&self, n: u64) {
        self.read.store(n, Ordering::Relaxed);
    }
}

/// A reader that counts what it reads into a [`ReadProgress`].
struct Counting<R> {
    inner: R,
    progress: ReadProgress,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.add(n);
        Ok(n)
    }
}

impl<R: Seek> Seek for Counting<R> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

type Text<'a> = Box<dyn BufRead + Send + 'a>;

/// Where the records come from.
enum Source<'a> {
    Csv(CsvRecords<Text<'a>>),
    Vcard(VcardRecords<Text<'a>>),
    /// The workbook's messages, and whether its end came.
    Book(Messages, bool),
}

impl Source<'_> {
    fn next_record(&mut self) -> Result<Option<(u32, Vec<String>)>, ImportError> {
        match self {
            Source::Csv(r) => r.next_record(),
            Source::Vcard(r) => r.next_record(),
            Source::Book(_, true) => Ok(None),
            Source::Book(m, done) => loop {
                match m.next() {
                    Msg::Record(n, cells) => return Ok(Some((n, cells))),
                    Msg::End => {
                        *done = true;
                        return Ok(None);
                    }
                    Msg::Failed(e) => {
                        *done = true;
                        return Err(e);
                    }
                    Msg::Sheets(_) | Msg::Sheet(_) => {}
                }
            },
        }
    }
}

fn io_error(e: io::Error) -> ImportError {
    ImportError::Io(e.to_string())
}

/// A customer list being read: its format, header and first rows first,
/// then every row, in file order, as an iterator. Empty rows are left out
/// (they still count in the row numbers). Each row has at least one cell per
/// column of [`FileReader::headers`]; a row wider than the header and the
/// first rows keeps its extra cells, which no column maps.
pub struct FileReader<'a> {
    format: FileFormat,
    detected_encoding: Option<TextEncoding>,
    encoding: Option<TextEncoding>,
    sheets: Vec<String>,
    sheet: Option<String>,
    kind: FileKind,
    /// The header row as read (vCard: its fixed columns); `None` when the
    /// first row is data.
    header_record: Option<Vec<String>>,
    headers: Vec<String>,
    samples: Vec<Row>,
    /// Samples not handed out yet.
    next_sample: usize,
    source: Source<'a>,
    progress: ReadProgress,
    cancel: Option<Arc<AtomicBool>>,
    /// Data rows read from the source.
    rows_read: usize,
    /// CSV cells of CareBook's own export lose the `'` put before formulas.
    undefuse: bool,
    finished: bool,
}

impl std::fmt::Debug for FileReader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileReader")
            .field("format", &self.format)
            .field("encoding", &self.encoding)
            .field("sheet", &self.sheet)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

impl<'a> FileReader<'a> {
    /// The format the file was read as.
    pub fn format(&self) -> FileFormat {
        self.format
    }

    /// What the bytes look like (text formats only).
    pub fn detected_encoding(&self) -> Option<TextEncoding> {
        self.detected_encoding
    }

    /// What is used: the user's choice or the detected one (text formats only).
    pub fn encoding(&self) -> Option<TextEncoding> {
        self.encoding
    }

    /// The sheets of a workbook, in order.
    pub fn sheets(&self) -> &[String] {
        &self.sheets
    }

    /// The sheet read: the one asked for, else the first with data.
    pub fn sheet(&self) -> Option<&str> {
        self.sheet.as_deref()
    }

    /// Whether the file is CareBook's own export (its columns are known).
    pub fn kind(&self) -> FileKind {
        self.kind
    }

    /// The columns: the header row, or `Column 1`… when the first row is
    /// data; a column for every cell of the first rows.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The first rows (up to [`SAMPLE_ROWS`]), for the column preview; the
    /// iterator hands them out too.
    pub fn samples(&self) -> &[Row] {
        &self.samples
    }

    /// The fields guessed for the columns, from the header and the first rows.
    pub fn guess_mapping(&self) -> Vec<Field> {
        columns::guess_mapping(&Table { headers: self.headers.clone(), rows: self.samples.clone() })
    }

    /// How far reading is through the file.
    pub fn progress(&self) -> ReadProgress {
        self.progress.clone()
    }

    /// Stops the reader when `flag` is set: checked before each row, the
    /// next one is then [`ImportError::Cancelled`] and the iterator ends.
    pub fn set_cancel(&mut self, flag: Arc<AtomicBool>) {
        self.cancel = Some(flag);
    }

    /// Converts the remaining rows as they are read ([`crate::rows::convert_rows`]).
    pub fn convert(self, mapping: &[Field], today: chrono::NaiveDate) -> Result<crate::Converted, ImportError> {
        let headers = self.headers.clone();
        crate::rows::convert_rows(&headers, self, mapping, today)
    }

    /// Reads the remaining rows into a table (the header gets a column for
    /// every cell of every row).
    pub fn into_table(self) -> Result<Table, ImportError> {
        let header = self.header_record.clone();
        let mut rows: Vec<Row> = Vec::new();
        let mut width = 0;
        for row in self {
            let row = row?;
            width = width.max(row.cells.len().min(MAX_COLUMNS));
            rows.push(row);
        }
        let headers = headers_for(header.as_deref(), width);
        for row in &mut rows {
            row.cells.resize(headers.len(), String::new());
        }
        Ok(Table { headers, rows })
    }

    /// Reads the remaining rows: the file as [`crate::read_file`] returns it.
    pub fn into_contents(self) -> Result<FileContents, ImportError> {
        let (format, detected_encoding, encoding) = (self.format, self.detected_encoding, self.encoding);
        let (sheets, sheet) = (self.sheets.clone(), self.sheet.clone());
        let table = self.into_table()?;
        Ok(FileContents { format, detected_encoding, encoding, sheets, sheet, kind: file_kind(&table.headers), table })
    }

    /// The next non-empty record of the source, as a row (counted, capped).
    fn pull(&mut self) -> Result<Option<Row>, ImportError> {
        loop {
            let Some((number, mut cells)) = self.source.next_record()? else { return Ok(None) };
            if cells.iter().all(String::is_empty) {
                continue;
            }
            self.rows_read += 1;
            if self.rows_read > MAX_ROWS {
                return Err(ImportError::TooManyRows { max: MAX_ROWS });
            }
            cells.truncate(MAX_COLUMNS);
            if self.undefuse {
                cells.iter_mut().for_each(undefuse);
            }
            return Ok(Some(Row { number, cells }));
        }
    }

    /// Reads the header and the samples of a freshly opened source.
    fn start(mut self, fixed_headers: Option<Vec<String>>) -> Result<FileReader<'a>, ImportError> {
        let mut rows: Vec<Row> = Vec::new();
        match fixed_headers {
            Some(headers) => self.header_record = Some(headers),
            None => {
                if let Some(first) = self.pull()? {
                    if columns::looks_like_header(&first.cells) {
                        self.rows_read -= 1;
                        self.header_record = Some(first.cells);
                    } else {
                        rows.push(first);
                    }
                }
            }
        }
        while rows.len() < SAMPLE_ROWS {
            match self.pull()? {
                Some(row) => rows.push(row),
                None => break,
            }
        }
        let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        self.headers = if self.header_record.is_none() && rows.is_empty() {
            Vec::new()
        } else {
            headers_for(self.header_record.as_deref(), width)
        };
        self.kind = file_kind(&self.headers);
        if self.kind == FileKind::CarebookExport && self.format == FileFormat::Csv {
            self.undefuse = true;
            for row in &mut rows {
                row.cells.iter_mut().for_each(undefuse);
            }
        }
        for row in &mut rows {
            if row.cells.len() < self.headers.len() {
                row.cells.resize(self.headers.len(), String::new());
            }
        }
        self.samples = rows;
        Ok(self)
    }
}

/// The columns of a table: the header row's names (an empty one becomes
/// `Column n`), then `Column n` up to `width`, at most [`MAX_COLUMNS`].
fn headers_for(header: Option<&[String]>, width: usize) -> Vec<String> {
    let mut headers: Vec<String> = header.map(<[String]>::to_vec).unwrap_or_default();
    headers.truncate(MAX_COLUMNS);
    let width = width.max(headers.len()).min(MAX_COLUMNS);
    for (i, h) in headers.iter_mut().enumerate() {
        if h.is_empty() {
            *h = format!("Column {}", i + 1);
        }
    }
    while headers.len() < width {
        headers.push(format!("Column {}", headers.len() + 1));
    }
    headers
}

impl Iterator for FileReader<'_> {
    type Item = Result<Row, ImportError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        if self.cancel.as_ref().is_some_and(|c| c.load(Ordering::Relaxed)) {
            self.finished = true;
            return Some(Err(ImportError::Cancelled));
        }
        if let Some(row) = self.samples.get(self.next_sample) {
            self.next_sample += 1;
            return Some(Ok(row.clone()));
        }
        match self.pull() {
            Ok(Some(mut row)) => {
                if row.cells.len() < self.headers.len() {
                    row.cells.resize(self.headers.len(), String::new());
                }
                Some(Ok(row))
            }
            Ok(None) => {
                self.finished = true;
                self.progress.set(self.progress.total);
                None
            }
            Err(e) => {
                self.finished = true;
                Some(Err(e))
            }
        }
    }
}

/// A reader before its header is read.
fn fresh<'a>(format: FileFormat, source: Source<'a>, progress: ReadProgress) -> FileReader<'a> {
    FileReader {
        format,
        detected_encoding: None,
        encoding: None,
        sheets: Vec::new(),
        sheet: None,
        kind: FileKind::Other,
        header_record: None,
        headers: Vec::new(),
        samples: Vec::new(),
        next_sample: 0,
        source,
        progress,
        cancel: None,
        rows_read: 0,
        undefuse: false,
        finished: false,
    }
}

/// The first lines of a text: enough to guess the separator, without a
/// last line cut in the middle.
fn sniff_text(head: &[u8], whole: bool, encoding: TextEncoding) -> String {
    let head = &head[..head.len().min(SNIFF_BYTES)];
    let mut text = encoding::decode(head, encoding);
    if !whole && let Some(end) = text.rfind('\n') {
        text.truncate(end + 1);
    }
    text
}

/// Opens a text file (CSV, vCard) over `open`, which gives the raw bytes
/// from the start each time it is called (a vCard file is read twice: once
/// for its columns, once for its rows).
fn open_text<'a>(
    format: FileFormat,
    head: &[u8],
    whole: bool,
    detected: TextEncoding,
    options: &ReadOptions,
    open: &mut dyn FnMut(bool) -> Result<Text<'a>, ImportError>,
    progress: ReadProgress,
) -> Result<FileReader<'a>, ImportError> {
    let used = options.encoding.unwrap_or(detected);
    let (source, fixed) = if format == FileFormat::Vcard {
        let layout = vcard::scan_layout(open(false)?)?;
        (Source::Vcard(VcardRecords::new(open(true)?, layout)), Some(vcard::headers(layout)))
    } else {
        let delimiter = sniff_delimiter(&sniff_text(head, whole, used));
        (Source::Csv(CsvRecords::new(open(true)?, delimiter)), None)
    };
    let mut reader = fresh(format, source, progress);
    reader.detected_encoding = Some(detected);
    reader.encoding = Some(used);
    reader.start(fixed)
}

/// Opens a workbook whose messages come from `messages`: the sheets and the
/// sheet read come first.
fn open_book<'a>(
    format: FileFormat,
    mut messages: Messages,
    progress: ReadProgress,
) -> Result<FileReader<'a>, ImportError> {
    let mut sheets = Vec::new();
    let sheet = loop {
        match messages.next() {
            Msg::Sheets(names) => sheets = names,
            Msg::Sheet(name) => break name,
            Msg::Failed(e) => return Err(e),
            Msg::Record(..) | Msg::End => {
                return Err(ImportError::Spreadsheet("the workbook could not be read".into()));
            }
        }
    };
    let mut reader = fresh(format, Source::Book(messages, false), progress);
    reader.sheets = sheets;
    reader.sheet = Some(sheet);
    reader.start(None)
}

fn all_blank(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_whitespace)
}

/// Opens a customer list on disk: CSV, XLSX, XLS or vCard, told by its
/// first bytes (else its name). The header and the first rows are read; the
/// rest is read as the rows are asked for, in memory that does not grow with
/// the file (CSV, vCard: a few buffers and one row; XLSX: `calamine`'s
/// shared strings and the rows read ahead, on a thread of its own; XLS, at
/// most [`crate::xlsx_limits::MAX_XLS_BYTES`], is read whole). There is no cap on the
/// size of the file, only on its rows ([`MAX_ROWS`]). The text encoding is
/// detected from the first megabyte.
pub fn open_path(path: &Path, options: &ReadOptions) -> Result<FileReader<'static>, ImportError> {
    let file = File::open(path).map_err(io_error)?;
    let total = file.metadata().map_err(io_error)?.len();
    let mut head = Vec::new();
    (&file).take(HEAD_BYTES).read_to_end(&mut head).map_err(io_error)?;
    let whole = head.len() as u64 >= total;
    if total == 0 || (whole && all_blank(&head)) {
        return Err(ImportError::Empty);
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let format = detect_format(&name, &head);
    let progress = ReadProgress::new(total);
    match format {
        FileFormat::Csv | FileFormat::Vcard => {
            let detected = encoding::detect(&head);
            let used = options.encoding.unwrap_or(detected);
            let path = path.to_owned();
            let counted = progress.clone();
            let mut open = move |count: bool| -> Result<Text<'static>, ImportError> {
                let file = BufReader::with_capacity(64 * 1024, File::open(&path).map_err(io_error)?);
                let progress = if count { counted.clone() } else { ReadProgress::new(0) };
                Ok(Box::new(DecodingReader::new(Counting { inner: file, progress }, used)))
            };
            open_text(format, &head, whole, detected, options, &mut open, progress)
        }
        FileFormat::Xlsx => {
            let path = path.to_owned();
            let counted = progress.clone();
            let messages = xlsx::spawn_reader(
                move || {
                    let mut file = File::open(&path).map_err(io_error)?;
                    xlsx::check_xlsx(BufReader::new(&mut file))?;
                    file.seek(SeekFrom::Start(0)).map_err(io_error)?;
                    counted.set(0);
                    xlsx::open_xlsx(BufReader::new(Counting { inner: file, progress: counted }))
                },
                options.sheet.clone(),
                WORKBOOK_AHEAD,
            );
            open_book(format, messages, progress)
        }
        FileFormat::Xls => {
            if total > xlsx::MAX_XLS_BYTES {
                return Err(ImportError::TooLarge {
                    size: usize::try_from(total).unwrap_or(usize::MAX),
                    max: xlsx::MAX_XLS_BYTES as usize,
                });
            }
            let path = path.to_owned();
            let counted = progress.clone();
            let messages = xlsx::spawn_reader(
                move || {
                    let file =
                        BufReader::new(Counting { inner: File::open(&path).map_err(io_error)?, progress: counted });
                    xlsx::open_xls::<Cursor<Vec<u8>>>(xlsx::prepare_xls(file)?)
                },
                options.sheet.clone(),
                WORKBOOK_AHEAD,
            );
            open_book(format, messages, progress)
        }
    }
}

/// Opens a customer list from the bytes of a file (an upload, a test), as
/// [`open_path`] does; `file_name` helps tell a vCard file.
pub fn open_bytes<'a>(file_name: &str, bytes: &'a [u8], options: &ReadOptions) -> Result<FileReader<'a>, ImportError> {
    open_bytes_as(detect_format(file_name, bytes), bytes, options)
}

/// Opens bytes as the given format, whatever they look like.
pub(crate) fn open_bytes_as<'a>(
    format: FileFormat,
    bytes: &'a [u8],
    options: &ReadOptions,
) -> Result<FileReader<'a>, ImportError> {
    let progress = ReadProgress::new(bytes.len() as u64);
    match format {
        FileFormat::Csv | FileFormat::Vcard => {
            let detected = encoding::detect(bytes);
            let used = options.encoding.unwrap_or(detected);
            let counted = progress.clone();
            let mut open = move |count: bool| -> Result<Text<'a>, ImportError> {
                let progress = if count { counted.clone() } else { ReadProgress::new(0) };
                Ok(Box::new(DecodingReader::new(Counting { inner: bytes, progress }, used)))
            };
            open_text(format, bytes, true, detected, options, &mut open, progress)
        }
        FileFormat::Xlsx => {
            xlsx::check_xlsx(Cursor::new(bytes))?;
            let book = xlsx::open_xlsx(Counting { inner: Cursor::new(bytes), progress: progress.clone() });
            open_book(format, Messages::in_memory(book, options.sheet.as_deref()), progress)
        }
        FileFormat::Xls => {
            let prepared = xlsx::prepare_xls(Cursor::new(bytes))?;
            let book = xlsx::open_xls::<Cursor<&[u8]>>(prepared);
            open_book(format, Messages::in_memory(book, options.sheet.as_deref()), progress)
        }
    }
}
