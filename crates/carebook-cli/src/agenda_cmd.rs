//! `carebook agenda` (every occurrence and care task of a range) and
//! `carebook lunar` (the Vietnamese lunar date of a day).

use std::path::PathBuf;

use carebook_api::{AgendaArgs, Api};
use carebook_calendar::lunar;
use carebook_core::export::Lang;
use chrono::{Days, NaiveDate};

use crate::api_error;

pub struct AgendaOptions {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub staff: Option<i64>,
    pub json: bool,
    pub ics: Option<PathBuf>,
}

/// `--date D --days N` or `--from A --to B` as one range.
pub fn range(
    date: Option<NaiveDate>,
    days: Option<u32>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), String> {
    let start = from.or(date).unwrap_or(today);
    let end = match (to, days) {
        (Some(_), Some(_)) => return Err("give --to or --days, not both".into()),
        (Some(to), None) => to,
        (None, days) => start
            .checked_add_days(Days::new(u64::from(days.unwrap_or(1).max(1) - 1)))
            .ok_or("the range ends after the last date CareBook knows")?,
    };
    if end < start {
        return Err(format!("the range ends ({end}) before it starts ({start})"));
    }
    Ok((start, end))
}

pub fn agenda(api: &Api, o: AgendaOptions) -> Result<(), String> {
    let args = AgendaArgs { from: o.from, to: o.to, assignee_id: o.staff, lang: Lang::Vi, per_day: None };
    if let Some(path) = &o.ics {
        let text = api.care_agenda_ics(args.clone()).map_err(api_error)?;
        std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        eprintln!("{}: calendar written", path.display());
        return Ok(());
    }
    let agenda = api.care_agenda(args).map_err(api_error)?;
    if o.json {
        println!("{}", serde_json::to_string_pretty(&agenda).map_err(|e| e.to_string())?);
        return Ok(());
    }
    for day in &agenda.days {
        let lunar =
            day.lunar.map(|l| format!(" (âm lịch {}/{}{})", l.day, l.month, if l.leap { " nhuận" } else { "" }));
        println!("{}{}{}", day.date, lunar.unwrap_or_default(), if day.tet { " Tết Nguyên đán" } else { "" });
        for b in &day.birthdays {
            let what = match b.calendar {
                carebook_core::CalendarKind::Solar => format!("sinh nhật {}/{}", b.day, b.month),
                carebook_core::CalendarKind::Lunar => {
                    format!("sinh nhật âm lịch {}/{}{}", b.day, b.month, if b.leap { " nhuận" } else { "" })
                }
            };
            let note = b.note.as_ref().map(|n| format!(" ({n})")).unwrap_or_default();
            println!("  #{}\t{}\t{what}{note}\tbirthday", b.customer_id, b.name);
        }
        for t in &day.tasks {
            println!(
                "  #{}\t{}\t{}\t{}\t{}\t{}",
                t.task.task.customer_id,
                t.customer_name,
                t.task.task.kind.as_str(),
                t.task.task.origin.as_str(),
                t.task.task.status.as_str(),
                t.why
            );
        }
    }
    Ok(())
}

pub fn lunar(date: NaiveDate, json: bool) -> Result<(), String> {
    let l = lunar::to_lunar(date).ok_or_else(|| {
        let (first, last) = lunar::supported_range();
        format!("{date} is outside the lunar calendar CareBook knows ({first} to {last})")
    })?;
    if json {
        let v = serde_json::json!({"day": l.day, "month": l.month, "year": l.year, "leap": l.leap});
        println!("{v}");
    } else {
        println!("{} năm {} ({})", lunar::format_vi(&l), l.year, carebook_care_can_chi(l.year));
    }
    Ok(())
}

/// The can-chi name of the lunar year, from the care rules.
fn carebook_care_can_chi(year: i32) -> String {
    carebook_api::calendar::can_chi(year)
}
