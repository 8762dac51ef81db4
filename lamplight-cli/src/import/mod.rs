//! `lamplight import referrals|people FILE.csv --map map.toml`: a streaming, resumable bulk
//! import.
//!
//! - The CSV is read one row at a time and at most `--concurrency` rows are in flight, so
//!   memory stays flat however long the file (the journal's history costs about 24 bytes a
//!   row). `--concurrency auto` adapts the number to the server (see `throttle.rs`).
//! - A row refused with HTTP 429 or 503 was not stored: it is journalled `unsent`, and sent
//!   again once the server's `Retry-After` has passed.
//! - Before a row is sent, `row N started` is appended to the journal and flushed to disk;
//!   after the reply, `row N done id X`, `row N failed: ...` or `row N uncertain: ...`. A
//!   re-run skips every row with an outcome, so no row is sent twice and none is lost (see
//!   [`journal`]).
//! - Each row's outcome goes to a results CSV, in row order: `row,line,status,id,message`.
//! - A lock file beside the journal (`FILE.csv.journal.lock`) keeps a second import of the
//!   same file from running at the same time.
//! - With a schema (`--schema`, `LAMPLIGHT_SCHEMA` or `./lamplight.toml`), the map and every
//!   row are checked against the system's custom fields before they are sent.
//!
//! [`run`] is three steps: `setup.rs` checks and opens everything, `pipeline.rs` streams the
//! rows, and the outcome (the summary and the exit code) comes from `summary.rs`.

mod checks;
pub mod journal;
pub mod map;
mod pipeline;
mod record;
mod setup;
mod source;
mod summary;
mod throttle;

pub use pipeline::MAX_CELL_BYTES;

use lamplight_client::Client;

use self::map::ImportOf;
use self::setup::Setup;
use self::summary::{Report, report};
use crate::cli::ImportArgs;
use crate::error::{CliError, Exit, redact};
use crate::interrupt::Interrupt;

/// What happened to one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Stored.
    Done,
    /// Refused; not stored.
    Failed,
    /// Sent, but no reply came back: it may or may not be stored.
    Uncertain,
    /// Never reached Lamplight (connection refused, credentials refused); sent again next run.
    Unsent,
    /// `--dry-run`: the row passes every check.
    Checked,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::Failed => "failed",
            Status::Uncertain => "uncertain",
            Status::Unsent => "unsent",
            Status::Checked => "ok",
        }
    }
}

/// One run of `lamplight import`: what to import and how.
pub struct Session<'a> {
    /// The client; `None` only for `--dry-run`.
    pub client: Option<&'a Client>,
    /// The command line's import options.
    pub args: &'a ImportArgs,
    /// Referrals or profiles.
    pub of: ImportOf,
    /// `--json`: one JSON document instead of a table.
    pub json: bool,
    /// The API key, blanked out of everything written.
    pub key: Option<String>,
    /// Raised (by the binary, on Ctrl-C) to send no new row and finish the rows in flight.
    pub interrupt: &'a Interrupt,
}

/// Runs an import: setup, the rows, then the summary. The exit code says how it ended; an
/// error is a problem found before any row was sent.
///
/// A dry run, through the command line as the binary runs it:
///
/// ```
/// use clap::Parser;
/// use lamplight_cli::{Cli, Exit, Interrupt};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let dir = tempfile::tempdir()?;
/// let csv = dir.path().join("referrals.csv");
/// let map = dir.path().join("map.toml");
/// std::fs::write(&csv, "Email,Why,Referred on\r\n653,Moved to the area,31/01/2026\r\n")?;
/// std::fs::write(&map, "[fields]\nattendee = 'Email'\nreason = 'Why'\ndate = 'Referred on'\n")?;
/// let (csv, map) = (csv.display().to_string(), map.display().to_string());
/// let cli = Cli::parse_from([
///     "lamplight", "--json", "import", "referrals", &csv, "--map", &map, "--dry-run",
/// ]);
/// assert_eq!(lamplight_cli::run(cli, &Interrupt::default()).await, Exit::Success);
/// # Ok(())
/// # }
/// ```
pub async fn run(session: Session<'_>) -> Result<Exit, CliError> {
    let mut setup = Setup::open(session.args, session.of)?;
    let finished = pipeline::run(&mut setup, &session).await;
    if let Some(journal) = setup.journal.take() {
        journal.close();
    }
    let interrupted = session.interrupt.is_requested();
    let tally = &finished.tally;
    let incomplete = tally.failed
        + tally.failed_earlier
        + tally.uncertain
        + tally.uncertain_earlier
        + tally.unsent
        > 0;
    let exit = match (&finished.halted, interrupted, incomplete) {
        (Some(error), _, _) => error.exit(),
        (None, true, _) => Exit::Interrupted,
        (None, false, true) => Exit::ImportIncomplete,
        (None, false, false) => Exit::Success,
    };
    let error = finished
        .halted
        .as_ref()
        .map(|error| redact(&error.to_string(), session.key.as_deref()));
    report(&Report {
        tally,
        json: session.json,
        args: session.args,
        results: &setup.paths.results,
        journal: &setup.paths.journal,
        interrupted,
        error: error.as_deref(),
        exit,
        throttle: finished.throttle,
    });
    Ok(exit)
}
