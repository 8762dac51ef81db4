//! The tally of an import's rows and the summary printed at its end.

use std::path::Path;

use serde_json::json;

use super::Status;
use super::pipeline::Outcome;
use crate::cli::ImportArgs;
use crate::error::Exit;
use crate::output;

/// How many rows ended each way, in this run and in earlier ones.
#[derive(Debug, Default)]
pub(super) struct Tally {
    pub(super) rows: u64,
    pub(super) stored: u64,
    pub(super) stored_earlier: u64,
    pub(super) failed: u64,
    pub(super) failed_earlier: u64,
    pub(super) uncertain: u64,
    pub(super) uncertain_earlier: u64,
    pub(super) unsent: u64,
    pub(super) checked: u64,
    pub(super) not_sent: u64,
    pub(super) last_row: u64,
}

impl Tally {
    pub(super) fn count(&mut self, outcome: &Outcome) {
        let Some(status) = outcome.status else {
            self.not_sent += 1;
            return;
        };
        self.last_row = self.last_row.max(outcome.row);
        self.rows += 1;
        let counter = match (status, outcome.earlier) {
            (Status::Done, false) => &mut self.stored,
            (Status::Done, true) => &mut self.stored_earlier,
            (Status::Failed, false) => &mut self.failed,
            (Status::Failed, true) => &mut self.failed_earlier,
            (Status::Uncertain, false) => &mut self.uncertain,
            (Status::Uncertain, true) => &mut self.uncertain_earlier,
            (Status::Unsent, _) => &mut self.unsent,
            (Status::Checked, _) => &mut self.checked,
        };
        *counter += 1;
    }

    pub(super) fn progress(&self) -> String {
        format!(
            "{} stored, {} failed, {} uncertain",
            self.stored + self.stored_earlier,
            self.failed + self.failed_earlier,
            self.uncertain + self.uncertain_earlier
        )
    }
}

/// What an import ended with: everything its summary says.
pub(super) struct Report<'a> {
    pub(super) tally: &'a Tally,
    pub(super) json: bool,
    pub(super) args: &'a ImportArgs,
    pub(super) results: &'a Path,
    pub(super) journal: &'a Path,
    pub(super) interrupted: bool,
    /// Why the import stopped early, with the key blanked out.
    pub(super) error: Option<&'a str>,
    pub(super) exit: Exit,
}

/// Prints the summary: a table, or one JSON document with `--json`.
pub(super) fn report(report: &Report<'_>) {
    let Report {
        tally,
        json,
        args,
        results,
        journal,
        interrupted,
        error,
        exit,
    } = *report;
    if json {
        output::print_json(&json!({
            "file": args.file.display().to_string(),
            "results": results.display().to_string(),
            "journal": if args.dry_run { None } else { Some(journal.display().to_string()) },
            "dry_run": args.dry_run,
            "rows": tally.rows,
            "stored": tally.stored,
            "stored_earlier": tally.stored_earlier,
            "failed": tally.failed,
            "failed_earlier": tally.failed_earlier,
            "uncertain": tally.uncertain,
            "uncertain_earlier": tally.uncertain_earlier,
            "unsent": tally.unsent,
            "checked": tally.checked,
            "interrupted": interrupted,
            "error": error,
            "exit_code": exit.code(),
        }));
        return;
    }
    let mut rows = Vec::new();
    let mut line = |what: &str, now: u64, earlier: Option<u64>| {
        rows.push(vec![
            what.to_owned(),
            now.to_string(),
            earlier.map(|n| n.to_string()).unwrap_or_default(),
        ]);
    };
    if args.dry_run {
        line("rows that pass every check", tally.checked, None);
        line("rows with a problem", tally.failed, None);
    } else {
        line("stored", tally.stored, Some(tally.stored_earlier));
        line("failed", tally.failed, Some(tally.failed_earlier));
        line("uncertain", tally.uncertain, Some(tally.uncertain_earlier));
        if tally.unsent > 0 {
            line("not sent (Lamplight unreachable)", tally.unsent, None);
        }
    }
    output::print(&output::table(&["rows", "this run", "earlier runs"], rows));
    output::print(&format!("results: {}", results.display()));
    if !args.dry_run {
        output::print(&format!("journal: {}", journal.display()));
    }
    if tally.uncertain + tally.uncertain_earlier > 0 {
        output::print(
            "Uncertain rows were sent but no reply came back: Lamplight may or may not have \
             stored them. Check them in Lamplight; `--resend-uncertain` sends them again.",
        );
    }
    if tally.failed_earlier > 0 && !args.retry_failed {
        output::print("`--retry-failed` sends the rows that failed in earlier runs again.");
    }
    if interrupted {
        output::print(&format!(
            "Interrupted after row {}: run the same command again to go on.",
            tally.last_row
        ));
    }
    if let Some(error) = error {
        eprintln!("lamplight: {error}");
    }
}
