//! Printing: human tables by default, one JSON document with `--json`.

use std::io::Write;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};
use serde_json::Value;

/// A table with these column headers and rows, as text.
pub fn table(headers: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(headers.iter().copied());
    for row in rows {
        table.add_row(row);
    }
    table.to_string()
}

/// A two-column table of names and values, for one record.
pub fn record(pairs: impl IntoIterator<Item = (String, String)>) -> String {
    table(
        &["field", "value"],
        pairs.into_iter().map(|(name, value)| vec![name, value]),
    )
}

/// Writes `text` and a newline to standard output. A closed pipe (`lamplight ... | head`) is
/// not an error worth reporting.
pub fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}");
    let _ = out.flush();
}

/// Writes `value` as pretty JSON to standard output.
pub fn print_json(value: &Value) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => print(&text),
        // A `Value` always serialises; keep the command's output valid JSON regardless.
        Err(_) => print("null"),
    }
}

/// Text for an optional value: the value, or empty.
pub fn opt<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}
