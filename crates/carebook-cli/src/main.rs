//! `carebook`: the customer book from the command line, and `carebook serve`,
//! the UI and API on 127.0.0.1 for use in a browser.

mod agenda_cmd;
mod backup_cmd;
mod export_cmd;
mod import_cmd;
mod measures_cmd;
mod report_cmd;
mod serve;
mod torture;

use std::path::PathBuf;
use std::process::ExitCode;

use carebook_api::book::BookChoice;
use carebook_api::{Api, ApiError, CreateCustomer, ErrorCode, OpenOptions, SearchArgs, StartOwnShop};
use carebook_core::CustomerInput;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "carebook", version, about = "CareBook — the customer-care book of a small shop")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct DbArg {
    /// The customer book (a SQLite file). Default: $CAREBOOK_DB, else the book the
    /// desktop app opens (where "Move to a local folder" put it, or carebook.sqlite
    /// in the app-data folder).
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
}

impl DbArg {
    /// The book this command works on: the same rule as the desktop window.
    fn choice(&self) -> Result<BookChoice, String> {
        carebook_api::book::resolve(self.db.as_deref()).map_err(api_error)
    }

    fn path(&self) -> Result<PathBuf, String> {
        Ok(self.choice()?.path)
    }
}

#[derive(Subcommand)]
enum Command {
    /// Creates a new, empty book for a shop.
    New {
        #[command(flatten)]
        db: DbArg,
        /// The shop's name, as reports and cards print it.
        #[arg(long)]
        shop: String,
    },
    /// Creates a new book filled with a generated demo shop.
    Demo {
        #[command(flatten)]
        db: DbArg,
        /// How many customers (50 to 100000).
        #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u32).range(50..=100_000))]
        customers: u32,
        /// Same seed, same day: same shop.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Adds a customer and prints it.
    Add {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        name: String,
        /// A phone number; repeat for several.
        #[arg(long = "phone", value_name = "PHONE")]
        phones: Vec<String>,
        #[arg(long)]
        email: Option<String>,
    },
    /// Searches customers by name, phone, email, tags or notes (accents optional).
    Search {
        #[command(flatten)]
        db: DbArg,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 20)]
        limit: u32,
        query: String,
    },
    /// Serves the UI and the API on 127.0.0.1 for a browser.
    Serve {
        #[command(flatten)]
        db: DbArg,
        /// Port on 127.0.0.1; 0 picks a free one.
        #[arg(long, default_value_t = 1420)]
        port: u16,
        /// The built UI. Default: the project's ui/dist.
        #[arg(long, value_name = "DIR")]
        ui: Option<PathBuf>,
    },
    /// Writes a verified copy of the book to a new file, or into a folder.
    Backup {
        #[command(flatten)]
        db: DbArg,
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
    },
    /// Replaces the book with a backup: checks it first and keeps a safety copy of the book.
    Restore {
        #[command(flatten)]
        db: DbArg,
        /// The backup file.
        path: PathBuf,
    },
    /// Imports customers (and purchases) from a CSV, Excel (XLSX, XLS) or vCard file.
    /// Shows what will happen first; writes everything or nothing.
    Import {
        #[command(flatten)]
        db: DbArg,
        /// Show the preview and problems only; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Text encoding of a CSV or vCard file (default: detected):
        /// utf-8, utf-16le, utf-16be, windows-1258, windows-1252.
        #[arg(long, value_name = "E")]
        encoding: Option<String>,
        /// The sheet of a workbook (default: the first with data).
        #[arg(long)]
        sheet: Option<String>,
        /// Import the good rows and leave out the rows with problems.
        #[arg(long)]
        skip_problems: bool,
        /// Change what a column is imported as: `3=phone`, `"Cột A=name"`, `Ghi chú=ignore`. Repeatable.
        #[arg(long = "column", value_name = "COLUMN=FIELD")]
        columns: Vec<String>,
        /// The file to import.
        path: PathBuf,
    },
    /// Exports the book: CSV files (one per dataset), an XLSX workbook, or one JSON file.
    Export {
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        options: export_cmd::ExportOptions,
    },
    /// Prints the service measures of a range (default: this month) against the previous
    /// range and the same range last year: the figures the dashboard shows.
    Measures {
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        options: measures_cmd::MeasureOptions,
    },
    /// Writes the monthly service report of a month as an A4 PDF.
    Report {
        #[command(flatten)]
        db: DbArg,
        /// The month reported on (YYYY-MM).
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        #[arg(long, value_enum, default_value = "vi")]
        lang: report_cmd::LangArg,
        /// The PDF to write (its name ends in .pdf).
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Writes one customer's profile with their history as an A4 PDF.
    Profile {
        #[command(flatten)]
        db: DbArg,
        /// The customer's number (as `carebook search` prints it).
        #[arg(long)]
        id: i64,
        #[arg(long, value_enum, default_value = "vi")]
        lang: report_cmd::LangArg,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Prints the cards and letters of a day's planned care tasks (thank-you
    /// notes, offers, birthday and Tết greetings, invitations; overdue ones
    /// included), each written from its template. Customers without consent
    /// are left out and listed.
    Cards {
        #[command(flatten)]
        db: DbArg,
        /// The day (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<chrono::NaiveDate>,
        /// One staff member's tasks only (their number, as `carebook staff` prints it).
        #[arg(long)]
        staff: Option<i64>,
        #[arg(long, value_enum, default_value = "a6")]
        layout: report_cmd::LayoutArg,
        #[arg(long, value_enum, default_value = "vi")]
        lang: report_cmd::LangArg,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Prints a day's call list (follow-up calls, check-ins, surveys; overdue
    /// ones included) for one staff member or the whole shop.
    CallList {
        #[command(flatten)]
        db: DbArg,
        /// The day (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<chrono::NaiveDate>,
        /// The staff member's number; everyone's calls when left out.
        #[arg(long)]
        staff: Option<i64>,
        #[arg(long, value_enum, default_value = "vi")]
        lang: report_cmd::LangArg,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Sets the shop's logo, printed in the header of every document, from a PNG or
    /// JPEG file (at most 512 KB); shows the logo set when given no file.
    Logo {
        #[command(flatten)]
        db: DbArg,
        /// Removes the logo instead.
        #[arg(long, conflicts_with = "file")]
        remove: bool,
        /// The image file.
        file: Option<PathBuf>,
    },
    /// Every birthday (solar and lunar), Tết and care task of a range of days.
    Agenda {
        #[command(flatten)]
        db: DbArg,
        /// The first day (default: today).
        #[arg(long, value_name = "DATE")]
        date: Option<chrono::NaiveDate>,
        /// How many days from --date (default 1).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=400))]
        days: Option<u32>,
        /// The first day, like --date.
        #[arg(long, value_name = "DATE", conflicts_with = "date")]
        from: Option<chrono::NaiveDate>,
        /// The last day.
        #[arg(long, value_name = "DATE")]
        to: Option<chrono::NaiveDate>,
        /// Only this staff member's tasks.
        #[arg(long, value_name = "ID")]
        staff: Option<i64>,
        /// Print JSON instead of lines.
        #[arg(long)]
        json: bool,
        /// Write the range as an iCalendar (.ics) file instead.
        #[arg(long, value_name = "FILE")]
        ics: Option<PathBuf>,
    },
    /// The Vietnamese lunar date of a day (1900–2100).
    Lunar {
        /// Print {"day", "month", "year", "leap"}.
        #[arg(long)]
        json: bool,
        date: chrono::NaiveDate,
    },
    /// Writes in a loop, printing `ack …` after each commit (the crash-safety test kills it).
    #[command(hide = true)]
    Torture {
        #[command(flatten)]
        db: DbArg,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Stop after this many writes (default: never).
        #[arg(long)]
        ops: Option<u64>,
        /// After a few writes, move the book into this folder and go on there.
        #[arg(long, value_name = "DIR")]
        move_to: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("carebook: {message}");
            ExitCode::FAILURE
        }
    }
}

fn api_error(e: ApiError) -> String {
    if e.fields.is_empty() {
        return e.message;
    }
    let mut message = "the input is not valid:".to_owned();
    for f in e.fields {
        message.push_str(&format!("\n  {}: {}", f.field, f.message));
    }
    message
}

/// Opens the book a command works on; a missing book is refused with a clear
/// message, never replaced by an empty one.
fn open(db: &DbArg) -> Result<Api, String> {
    open_with(db, OpenOptions::default())
}

fn open_with(db: &DbArg, options: OpenOptions) -> Result<Api, String> {
    let choice = db.choice()?;
    choice.open(options).map_err(|e| {
        if e.code == ErrorCode::NoBook {
            format!(
                "there is no customer book at {}.\n  Check the path, or make one with `carebook new --db FILE --shop NAME` \
                 (or `carebook demo` for a demo shop)",
                choice.path.display()
            )
        } else {
            api_error(e)
        }
    })
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::New { db, shop } => {
            let path = db.path()?;
            if path.exists() {
                return Err(format!("{} already exists; a new book goes into a new file", path.display()));
            }
            let api = open_with(&db, OpenOptions::create())?;
            let info = api.name_new_shop(StartOwnShop { shop_name: shop }).map_err(|e| {
                drop(std::fs::remove_file(&path));
                api_error(e)
            })?;
            println!("{}: a new book for {}", info.db_path, info.shop_name);
        }
        Command::Demo { db, customers, seed } => {
            let path = db.path()?;
            if path.exists() {
                return Err(format!("{} already exists; demo data goes into a new file", path.display()));
            }
            let api = open_with(&db, OpenOptions::create())?;
            let started = std::time::Instant::now();
            let stats = api
                .generate_demo(customers, seed, |n| {
                    if n % 10_000 == 0 {
                        eprint!("\r{n} / {customers} customers");
                    }
                })
                .map_err(|e| {
                    // Nothing was written (one transaction): do not leave an empty file behind.
                    drop(std::fs::remove_file(&path));
                    api_error(e)
                })?;
            eprintln!();
            println!(
                "{}: {} customers, {} purchases, {} notes, {} requests, {} care tasks, {} feedback, {} staff in {:.1} s",
                path.display(),
                stats.customers,
                stats.purchases,
                stats.notes,
                stats.requests,
                stats.care_tasks,
                stats.feedback,
                stats.staff,
                started.elapsed().as_secs_f64()
            );
        }
        Command::Add { db, name, phones, email } => {
            let api = open(&db)?;
            let input = CustomerInput { name, phones, email, ..Default::default() };
            let saved = api.customer_create(CreateCustomer { input }).map_err(api_error)?;
            for w in &saved.warnings {
                eprintln!(
                    "warning: {} {} already belongs to customer #{} {}",
                    w.field, w.value, w.customer_id, w.customer_name
                );
            }
            let c = &saved.customer;
            let phones: Vec<&str> = c.phones.iter().map(|p| p.display.as_str()).collect();
            println!("#{} {}\t{}\t{}", c.id, c.name, phones.join(", "), c.email.as_deref().unwrap_or(""));
        }
        Command::Search { db, json, limit, query } => {
            let api = open(&db)?;
            let result = api.customer_search(SearchArgs { query, limit: Some(limit) }).map_err(api_error)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&result).map_err(|e| e.to_string())?);
            } else if result.hits.is_empty() {
                eprintln!("no customer matches");
            } else {
                for hit in result.hits {
                    let r = hit.row;
                    println!("#{}\t{}\t{}\t{}", r.id, r.name, r.phone.as_deref().unwrap_or(""), hit.matched);
                }
            }
        }
        Command::Serve { db, port, ui } => {
            let ui = ui.unwrap_or_else(serve::default_ui_dir);
            if !ui.join("index.html").is_file() {
                return Err(format!(
                    "the UI is not built: {} has no index.html.\n  Build it with `npm --prefix ui ci && npm --prefix ui run build` \
                     in the project folder, or pass --ui DIR",
                    ui.display()
                ));
            }
            let api = open(&db)?;
            serve::run(api, port, ui)?;
        }
        Command::Import { db, dry_run, encoding, sheet, skip_problems, columns, path } => {
            let options = import_cmd::Options { dry_run, encoding, sheet, skip_problems, columns };
            import_cmd::run(&open(&db)?, &path, options)?;
        }
        Command::Export { db, options } => export_cmd::run(&open(&db)?, options).map_err(api_error)?,
        Command::Measures { db, options } => measures_cmd::run(&open(&db)?, options)?,
        Command::Report { db, month, lang, out } => report_cmd::monthly(&open(&db)?, &month, lang, &out)?,
        Command::Profile { db, id, lang, out } => report_cmd::profile(&open(&db)?, id, lang, &out)?,
        Command::Cards { db, date, staff, layout, lang, out } => {
            report_cmd::cards(&open(&db)?, date, staff, layout, lang, &out)?
        }
        Command::CallList { db, date, staff, lang, out } => {
            report_cmd::call_list(&open(&db)?, date, staff, lang, &out)?
        }
        Command::Logo { db, remove, file } => report_cmd::logo(&open(&db)?, remove, file)?,
        Command::Agenda { db, date, days, from, to, staff, json, ics } => {
            let api = open(&db)?;
            let today = api.app_info().map_err(api_error)?.today;
            let (from, to) = agenda_cmd::range(date, days, from, to, today)?;
            agenda_cmd::agenda(&api, agenda_cmd::AgendaOptions { from, to, staff, json, ics })?;
        }
        Command::Lunar { json, date } => agenda_cmd::lunar(date, json)?,
        Command::Backup { db, out } => backup_cmd::backup(&db, &out)?,
        Command::Restore { db, path } => backup_cmd::restore(&db, &path)?,
        // The crash test starts from no book: the writer makes it.
        Command::Torture { db, seed, ops, move_to } => {
            torture::run(&open_with(&db, OpenOptions::create())?, seed, ops, move_to.as_deref())?
        }
    }
    Ok(())
}
