//! JSON: the whole book in one file, streamed row by row.
//!
//! ```json
//! { "format": "carebook-export", "version": 1, "exportedAt": "2026-11-23T10:00:00",
//!   "schemaVersion": 4, "shop": { "name": "…" },
//!   "customers": [ { "id": 1, "name": "…", "phones": [{ "e164": "+84…", "display": "0901 …" }], "tags": […], … } ],
//!   "purchases": [ … ], …,
//!   "counts": { "customers": 1, … } }
//! ```
//!
//! Field names are the columns' camelCase keys, like the API's; values keep
//! their codes (`"consent": "given"`), dates are ISO 8601.

use std::io::Write;

use carebook_core::export::{Cell, Column, ColumnKind};
use chrono::NaiveDateTime;
use serde_json::{Value, json};

/// `format` of a whole-book export.
pub const FORMAT: &str = "carebook-export";
pub const VERSION: u32 = 1;

/// What the file says about itself.
#[derive(Debug, Clone)]
pub struct Header<'a> {
    pub exported_at: NaiveDateTime,
    pub schema_version: i64,
    pub shop_name: &'a str,
}

#[derive(Debug)]
pub struct JsonWriter<W: Write> {
    out: W,
    /// Rows written in the open dataset; `None` between datasets.
    rows: Option<u64>,
    counts: Vec<(String, u64)>,
}

fn io(e: serde_json::Error) -> std::io::Error {
    std::io::Error::other(e)
}

impl<W: Write> JsonWriter<W> {
    pub fn new(mut out: W, header: &Header<'_>) -> std::io::Result<JsonWriter<W>> {
        write!(
            out,
            "{{\n  \"format\": \"{FORMAT}\",\n  \"version\": {VERSION},\n  \"exportedAt\": {},\n  \"schemaVersion\": {},\n  \"shop\": {}",
            json!(header.exported_at.format("%Y-%m-%dT%H:%M:%S").to_string()),
            header.schema_version,
            json!({ "name": header.shop_name }),
        )?;
        Ok(JsonWriter { out, rows: None, counts: Vec::new() })
    }

    pub fn begin_dataset(&mut self, name: &str) -> std::io::Result<()> {
        self.end_dataset()?;
        write!(self.out, ",\n  {}: [", json!(name))?;
        self.counts.push((name.to_owned(), 0));
        self.rows = Some(0);
        Ok(())
    }

    pub fn write_row(&mut self, columns: &[Column], cells: &[Cell]) -> std::io::Result<()> {
        let Some(rows) = self.rows.as_mut() else { return Ok(()) };
        self.out.write_all(if *rows == 0 { b"\n    {" } else { b",\n    {" })?;
        *rows += 1;
        for (i, (c, cell)) in columns.iter().zip(cells).enumerate() {
            if i > 0 {
                self.out.write_all(b",")?;
            }
            serde_json::to_writer(&mut self.out, c.key.as_ref()).map_err(io)?;
            self.out.write_all(b":")?;
            serde_json::to_writer(&mut self.out, &value(cell, c.kind)).map_err(io)?;
        }
        self.out.write_all(b"}")
    }

    pub fn end_dataset(&mut self) -> std::io::Result<()> {
        if let Some(rows) = self.rows.take() {
            if let Some(last) = self.counts.last_mut() {
                last.1 = rows;
            }
            self.out.write_all(if rows == 0 { b"]" } else { b"\n  ]" })?;
        }
        Ok(())
    }

    /// Closes the document with the row counts; returns the writer.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.end_dataset()?;
        let counts: serde_json::Map<String, Value> =
            self.counts.iter().map(|(name, n)| (name.clone(), json!(n))).collect();
        write!(self.out, ",\n  \"counts\": {}\n}}\n", Value::Object(counts))?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// A cell as a JSON value.
pub fn value(cell: &Cell, kind: ColumnKind) -> Value {
    match cell {
        Cell::Null => Value::Null,
        Cell::Int(n) => json!(n),
        Cell::Text(s) if kind == ColumnKind::Json => serde_json::from_str(s).unwrap_or_else(|_| json!(s)),
        Cell::Text(s) => json!(s),
        Cell::Date(d) => json!(d.format("%Y-%m-%d").to_string()),
        Cell::DateTime(t) => json!(t.format("%Y-%m-%dT%H:%M:%S").to_string()),
        Cell::Bool(b) => json!(b),
        Cell::List(items) => json!(items),
        Cell::Phones(phones) => json!(phones),
    }
}

#[cfg(test)]
mod tests {
    use carebook_core::Phone;
    use chrono::NaiveDate;

    use super::*;

    #[test]
    fn the_document_parses_back_with_its_rows_and_counts() {
        let at = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(10, 0, 0).unwrap();
        let columns = [
            Column::new("id", "Mã", "ID", ColumnKind::Int),
            Column::new("phones", "Số điện thoại", "Phones", ColumnKind::Phones),
            Column::new("changes", "Thay đổi", "Changes", ColumnKind::Json),
        ];
        let mut w =
            JsonWriter::new(Vec::new(), &Header { exported_at: at, schema_version: 4, shop_name: "Tiệm \"Hà\"" })
                .unwrap();
        w.begin_dataset("customers").unwrap();
        let phone = Phone { e164: "+84901234567".into(), display: "0901 234 567".into() };
        w.write_row(&columns, &[Cell::Int(1), Cell::Phones(vec![phone]), Cell::Text(r#"{"a":[null,"b"]}"#.into())])
            .unwrap();
        w.write_row(&columns, &[Cell::Int(2), Cell::Phones(vec![]), Cell::Null]).unwrap();
        w.begin_dataset("purchases").unwrap();
        let doc: Value = serde_json::from_slice(&w.finish().unwrap()).unwrap();
        assert_eq!(doc["format"], "carebook-export");
        assert_eq!(doc["exportedAt"], "2026-11-23T10:00:00");
        assert_eq!(doc["shop"]["name"], "Tiệm \"Hà\"", "text is escaped");
        assert_eq!(doc["customers"][0]["phones"][0]["e164"], "+84901234567", "phones keep both forms");
        assert_eq!(doc["customers"][0]["changes"]["a"][1], "b", "stored JSON is embedded, not quoted");
        assert_eq!(doc["customers"][1]["changes"], Value::Null);
        assert_eq!(doc["purchases"], json!([]), "an empty dataset is an empty array");
        assert_eq!(doc["counts"], json!({ "customers": 2, "purchases": 0 }));
    }
}
