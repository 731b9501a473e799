//! `carebook`: the customer book from the command line, and `carebook serve`,
//! the UI and API on 127.0.0.1 for use in a browser.

mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use carebook_api::{Api, ApiError, CreateCustomer, OpenOptions, SearchArgs};
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
    /// The customer book (a SQLite file). Default: carebook.sqlite in the app-data folder.
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
}

impl DbArg {
    fn path(&self) -> Result<PathBuf, String> {
        self.db
            .clone()
            .or_else(carebook_api::paths::default_db_path)
            .ok_or_else(|| "no app-data folder on this system; pass --db FILE".to_owned())
    }
}

#[derive(Subcommand)]
enum Command {
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

fn open(db: &DbArg) -> Result<Api, String> {
    Api::open(db.path()?, OpenOptions::default()).map_err(api_error)
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Demo { db, customers, seed } => {
            let path = db.path()?;
            if path.exists() {
                return Err(format!("{} already exists; demo data goes into a new file", path.display()));
            }
            let api = open(&db)?;
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
                "{}: {} customers, {} purchases, {} notes, {} staff in {:.1} s",
                path.display(),
                stats.customers,
                stats.purchases,
                stats.notes,
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
    }
    Ok(())
}
