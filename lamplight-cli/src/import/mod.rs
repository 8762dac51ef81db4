//! `lamplight import referrals|people FILE.csv --map map.toml`: a streaming, resumable bulk
//! import.
//!
//! - The CSV is read one row at a time and at most `--concurrency` rows are in flight, so
//!   memory stays flat however long the file (the journal's history costs about 24 bytes a
//!   row).
//! - Before a row is sent, `row N started` is appended to the journal and flushed to disk;
//!   after the reply, `row N done id X`, `row N failed: ...` or `row N uncertain: ...`. A
//!   re-run skips every row with an outcome, so no row is sent twice and none is lost (see
//!   [`journal`]).
//! - Each row's outcome goes to a results CSV, in row order: `row,line,status,id,message`.

pub mod journal;
pub mod map;
mod record;
mod summary;

use std::fs::File;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use futures_util::{StreamExt, stream};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use lamplight_client::{Client, EncodeErrorKind, Error};

use self::journal::{History, Journal, RowState, fingerprint, read_history};
use self::map::{ColumnField, ImportMap, ImportOf};
use self::record::AnyRecord;
use self::summary::{Tally, report};
use crate::cli::ImportArgs;
use crate::error::{CliError, Exit, redact};
use crate::fields::FieldText;
use crate::signals::StopSignals;

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

struct RowInput {
    row: u64,
    line: u64,
    byte: u64,
    record: Result<csv::StringRecord, String>,
}

struct Outcome {
    row: u64,
    line: u64,
    byte: u64,
    /// `None`: the row was not sent because the import was stopping.
    status: Option<Status>,
    id: Option<u64>,
    message: String,
    earlier: bool,
}

/// A mapped column, with its place in the header.
struct BoundColumn {
    field: ColumnField,
    index: usize,
}

struct Context<'a> {
    client: Option<&'a Client>,
    map: ImportMap,
    columns: Vec<BoundColumn>,
    history: History,
    journal: Option<Journal>,
    args: &'a ImportArgs,
    key: Option<String>,
    stop: Arc<AtomicBool>,
    halt: Mutex<Option<CliError>>,
}

impl Context<'_> {
    fn halt(&self, error: CliError) {
        self.stop.store(true, Ordering::SeqCst);
        if let Ok(mut halt) = self.halt.lock()
            && halt.is_none()
        {
            *halt = Some(error);
        }
    }

    fn redact(&self, text: &str) -> String {
        redact(text, self.key.as_deref())
    }

    async fn journal(&self, text: String, sync: bool) -> Result<(), CliError> {
        match &self.journal {
            Some(journal) => journal.append(self.redact(&text), sync).await,
            None => Ok(()),
        }
    }

    /// The row as a record, or why it cannot be one, naming its line and column.
    fn build(&self, record: &csv::StringRecord, line: u64) -> Result<AnyRecord, String> {
        let mut built = AnyRecord::new(self.map.target);
        for constant in &self.map.constants {
            built = built.apply(constant).map_err(|reason| {
                format!(
                    "line {line}: the constant for `{}` in the map: {reason}",
                    constant.name
                )
            })?;
        }
        for column in &self.columns {
            let cell = record.get(column.index).unwrap_or("").trim();
            let value = match (cell.is_empty(), &column.field.default) {
                (false, _) => cell,
                (true, Some(default)) => default.as_str(),
                (true, None) => continue,
            };
            let (values, list) = match &column.field.separator {
                Some(separator) => (
                    value
                        .split(separator.as_str())
                        .map(str::trim)
                        .filter(|part| !part.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    true,
                ),
                None => (vec![value.to_owned()], false),
            };
            let text = FieldText {
                name: column.field.field.clone(),
                values,
                list,
            };
            built = built.apply(&text).map_err(|reason| {
                format!(
                    "line {line}, column `{}` (field `{}`): {reason}",
                    column.field.column, column.field.field
                )
            })?;
        }
        built.check().map_err(|err| {
            let column = self
                .columns
                .iter()
                .find(|column| column.field.field == err.field());
            match (column, err.kind()) {
                (Some(column), EncodeErrorKind::Empty) => format!(
                    "line {line}, column `{}` (field `{}`): the cell is empty, and the field \
                     is required",
                    column.field.column, column.field.field
                ),
                (Some(column), _) => {
                    format!("line {line}, column `{}`: {err}", column.field.column)
                }
                (None, EncodeErrorKind::Empty) => format!(
                    "line {line}: field `{}` is required, and the map gives it no column",
                    err.field()
                ),
                (None, _) => format!("line {line}: {err}"),
            }
        })?;
        Ok(built)
    }

    async fn process(&self, input: RowInput) -> Outcome {
        let RowInput {
            row,
            line,
            byte,
            record,
        } = input;
        let outcome = |status: Option<Status>, id: Option<u64>, message: String, earlier| Outcome {
            row,
            line,
            byte,
            status,
            id,
            message,
            earlier,
        };
        if let Ok(record) = &record
            && let Some(earlier) = self.history.fingerprint(row)
            && earlier != fingerprint(record)
        {
            self.halt(CliError::usage(format!(
                "row {row} (line {line}) is not the row an earlier run sent: {} changed since \
                 the journal was written. Import the original file, or give a new --journal",
                self.args.file.display()
            )));
            return outcome(None, None, String::new(), false);
        }
        if !self.args.dry_run {
            let earlier_message = || self.history.message(row).unwrap_or_default().to_owned();
            match self.history.state(row) {
                RowState::Done(id) => {
                    return outcome(
                        Some(Status::Done),
                        Some(id),
                        "stored by an earlier run".to_owned(),
                        true,
                    );
                }
                RowState::Failed if !self.args.retry_failed => {
                    return outcome(
                        Some(Status::Failed),
                        None,
                        format!(
                            "{} (an earlier run; --retry-failed sends it again)",
                            earlier_message()
                        ),
                        true,
                    );
                }
                RowState::Uncertain if !self.args.resend_uncertain => {
                    return outcome(
                        Some(Status::Uncertain),
                        None,
                        format!(
                            "{}; Lamplight cannot be asked whether it arrived: check, then \
                             --resend-uncertain sends it again",
                            earlier_message()
                        ),
                        true,
                    );
                }
                _ => {}
            }
        }
        if self.stop.load(Ordering::SeqCst) {
            return outcome(None, None, String::new(), false);
        }
        let record = match record {
            Ok(record) => record,
            Err(message) => {
                let message = self.redact(&message);
                if let Err(err) = self
                    .journal(format!("row {row} failed: {message}"), false)
                    .await
                {
                    self.halt(err);
                }
                return outcome(Some(Status::Failed), None, message, false);
            }
        };
        let built = match self.build(&record, line) {
            Ok(built) => built,
            Err(message) => {
                let message = self.redact(&message);
                if !self.args.dry_run
                    && let Err(err) = self
                        .journal(format!("row {row} failed: {message}"), false)
                        .await
                {
                    self.halt(err);
                }
                return outcome(Some(Status::Failed), None, message, false);
            }
        };
        let Some(client) = self.client.filter(|_| !self.args.dry_run) else {
            return outcome(Some(Status::Checked), None, String::new(), false);
        };
        let started = format!("row {row} started {:016x}", fingerprint(&record));
        if let Err(err) = self.journal(started, true).await {
            self.halt(err);
            return outcome(None, None, String::new(), false);
        }
        let (status, id, message) = match classify(built.create(client).await) {
            Sent::Done(id, warning) => (Status::Done, Some(id), warning.unwrap_or_default()),
            Sent::Failed(message) => (Status::Failed, None, message),
            Sent::Uncertain(message) => (Status::Uncertain, None, message),
            Sent::Unsent(message) => {
                self.halt(CliError::failed(format!(
                    "stopped at row {row} (line {line}): {}",
                    self.redact(&message)
                )));
                (Status::Unsent, None, message)
            }
        };
        let message = self.redact(&message);
        let line_text = match status {
            Status::Done => format!("row {row} done id {}", id.unwrap_or_default()),
            other => format!("row {row} {}: {message}", other.as_str()),
        };
        if let Err(err) = self.journal(line_text, false).await {
            self.halt(err);
        }
        outcome(Some(status), id, message, false)
    }
}

enum Sent {
    Done(u64, Option<String>),
    Failed(String),
    Uncertain(String),
    Unsent(String),
}

/// Sorts a reply into what it means for the row. Only an answer from Lamplight proves that a
/// record was or was not stored; a lost reply leaves the row uncertain.
fn classify(result: Result<lamplight_client::Created, Error>) -> Sent {
    let error = match result {
        Ok(created) => return Sent::Done(created.id.get(), None),
        Err(error) => error,
    };
    let message = describe(&error);
    match &error {
        Error::PartlySaved { id, .. } => Sent::Done(id.get(), Some(message)),
        Error::Api { status: 401, .. } | Error::Http { status: 401, .. } => {
            Sent::Unsent(format!("{message} (check the credentials)"))
        }
        Error::Api { .. } | Error::Encode(_) => Sent::Failed(message),
        Error::Http { status, .. } if *status < 500 => Sent::Failed(message),
        Error::Transport { connect: true, .. } => Sent::Unsent(message),
        Error::Configuration { .. } => Sent::Unsent(message),
        _ => Sent::Uncertain(message),
    }
}

/// An error and its causes, on one line.
fn describe(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text.replace(['\n', '\r'], " ")
}

fn default_path(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Finds each mapped column in the header, exactly or else ignoring case and surrounding
/// spaces.
fn bind(
    columns: &[ColumnField],
    header: &csv::StringRecord,
    file: &Path,
) -> Result<Vec<BoundColumn>, CliError> {
    let mut bound = Vec::with_capacity(columns.len());
    for column in columns {
        let exact: Vec<usize> = header
            .iter()
            .enumerate()
            .filter(|(_, name)| *name == column.column)
            .map(|(index, _)| index)
            .collect();
        let loose: Vec<usize> = header
            .iter()
            .enumerate()
            .filter(|(_, name)| name.trim().eq_ignore_ascii_case(column.column.trim()))
            .map(|(index, _)| index)
            .collect();
        let found = if exact.is_empty() { loose } else { exact };
        match found.as_slice() {
            [index] => bound.push(BoundColumn {
                field: column.clone(),
                index: *index,
            }),
            [] => {
                return Err(CliError::usage(format!(
                    "the map's field `{}` names the column `{}`, which {} does not have; its \
                     columns are: {}",
                    column.field,
                    column.column,
                    file.display(),
                    header
                        .iter()
                        .map(|name| format!("`{name}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            _ => {
                return Err(CliError::usage(format!(
                    "the map's field `{}` names the column `{}`, which {} has more than once",
                    column.field,
                    column.column,
                    file.display()
                )));
            }
        }
    }
    Ok(bound)
}

/// Runs an import. `client` is `None` only for `--dry-run`; `key` is blanked out of anything
/// written.
pub async fn run(
    client: Option<&Client>,
    args: &ImportArgs,
    of: ImportOf,
    json: bool,
    key: Option<String>,
) -> Result<Exit, CliError> {
    let map = ImportMap::load(&args.map, of)?;
    let target = map.target.describe();
    let file = File::open(&args.file)
        .map_err(|err| CliError::usage(format!("cannot read {}: {err}", args.file.display())))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(std::io::BufReader::with_capacity(64 * 1024, file));
    let header = reader
        .headers()
        .map_err(|err| {
            CliError::usage(format!(
                "{} line 1: cannot read the header: {err}",
                args.file.display()
            ))
        })?
        .clone();
    if header.is_empty() {
        return Err(CliError::usage(format!(
            "{} is empty: its first line must name the columns",
            args.file.display()
        )));
    }
    let columns = bind(&map.columns, &header, &args.file)?;

    let journal_path = args
        .journal
        .clone()
        .unwrap_or_else(|| default_path(&args.file, ".journal"));
    let results_path = args.results.clone().unwrap_or_else(|| {
        let stem = args.file.with_extension("");
        default_path(&stem, ".results.csv")
    });
    let (history, journal) = if args.dry_run {
        (History::default(), None)
    } else {
        let history = read_history(&journal_path, &target)?;
        let journal = Journal::open(&journal_path, &target, !args.no_fsync)?;
        (history, Some(journal))
    };
    let mut results = csv::Writer::from_path(&results_path).map_err(|err| {
        CliError::usage(format!(
            "cannot write the results file {}: {err}",
            results_path.display()
        ))
    })?;
    let results_failed = |err: csv::Error| {
        CliError::failed(format!(
            "cannot write the results file {}: {err}",
            results_path.display()
        ))
    };
    results
        .write_record(["row", "line", "status", "id", "message"])
        .map_err(results_failed)?;

    let stop = Arc::new(AtomicBool::new(false));
    let interrupted = Arc::new(AtomicBool::new(false));
    let mut signals = StopSignals::register()
        .map_err(|err| CliError::failed(format!("cannot listen for Ctrl-C: {err}")))?;
    let listener = {
        let stop = Arc::clone(&stop);
        let interrupted = Arc::clone(&interrupted);
        tokio::spawn(async move {
            signals.wait().await;
            interrupted.store(true, Ordering::SeqCst);
            stop.store(true, Ordering::SeqCst);
            eprintln!(
                "lamplight: stopping: no new rows are sent; waiting for the rows in flight \
                 (Ctrl-C again to quit at once, leaving them uncertain)"
            );
            signals.wait().await;
            eprintln!(
                "lamplight: quit at once; rows in flight are recorded as started, and a re-run \
                 reports them as uncertain"
            );
            std::process::exit(i32::from(Exit::Interrupted.code()));
        })
    };

    let progress = if json || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::with_draw_target(Some(size), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} {msg}",
        ) {
            bar.set_style(style);
        }
        bar
    };

    let context = Context {
        client,
        map,
        columns,
        history,
        journal,
        args,
        key,
        stop: Arc::clone(&stop),
        halt: Mutex::new(None),
    };

    let mut row = 0u64;
    let mut last_byte = reader.position().byte();
    let rows = std::iter::from_fn(|| {
        if context.stop.load(Ordering::SeqCst) {
            return None;
        }
        let mut record = csv::StringRecord::new();
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => None,
            Ok(true) => {
                row += 1;
                let line = record.position().map_or(line, csv::Position::line);
                last_byte = reader.position().byte();
                Some(RowInput {
                    row,
                    line,
                    byte: last_byte,
                    record: Ok(record),
                })
            }
            Err(err) => {
                let line = err.position().map_or(line, csv::Position::line);
                let byte = reader.position().byte();
                if matches!(err.kind(), csv::ErrorKind::Io(_)) || byte <= last_byte {
                    context.halt(CliError::failed(format!(
                        "cannot read {} at line {line}: {err}",
                        args.file.display()
                    )));
                    return None;
                }
                last_byte = byte;
                row += 1;
                Some(RowInput {
                    row,
                    line,
                    byte,
                    record: Err(csv_problem(&err, line, &header)),
                })
            }
        }
    });
    let mut outcomes = stream::iter(rows)
        .map(|input| context.process(input))
        .buffered(usize::from(args.concurrency));

    let mut tally = Tally::default();
    let mut write_error = None;
    while let Some(outcome) = outcomes.next().await {
        tally.count(&outcome);
        progress.set_position(outcome.byte);
        progress.set_message(tally.progress());
        let Some(status) = outcome.status else {
            continue;
        };
        if write_error.is_none()
            && let Err(err) = results.write_record([
                outcome.row.to_string(),
                outcome.line.to_string(),
                status.as_str().to_owned(),
                outcome.id.map(|id| id.to_string()).unwrap_or_default(),
                outcome.message.clone(),
            ])
        {
            write_error = Some(results_failed(err));
        }
    }
    drop(outcomes);
    progress.finish_and_clear();
    listener.abort();
    if let Err(err) = results.flush() {
        write_error.get_or_insert(CliError::failed(format!(
            "cannot write the results file {}: {err}",
            results_path.display()
        )));
    }
    let Context {
        journal, halt, key, ..
    } = context;
    if let Some(journal) = journal {
        journal.close();
    }
    let halted = halt.into_inner().ok().flatten().or(write_error);
    let interrupted = interrupted.load(Ordering::SeqCst);

    let incomplete = tally.failed
        + tally.failed_earlier
        + tally.uncertain
        + tally.uncertain_earlier
        + tally.unsent
        > 0;
    let exit = match (&halted, interrupted, incomplete) {
        (Some(error), _, _) => error.exit(),
        (None, true, _) => Exit::Interrupted,
        (None, false, true) => Exit::ImportIncomplete,
        (None, false, false) => Exit::Success,
    };
    let error_text = halted
        .as_ref()
        .map(|e| redact(&e.to_string(), key.as_deref()));
    report(
        &tally,
        json,
        args,
        &results_path,
        &journal_path,
        interrupted,
        error_text.as_deref(),
        exit,
    );
    Ok(exit)
}

/// A CSV reading problem as a sentence naming the line (and the column, when it is a count of
/// cells).
fn csv_problem(err: &csv::Error, line: u64, header: &csv::StringRecord) -> String {
    match err.kind() {
        csv::ErrorKind::UnequalLengths { len, .. } => format!(
            "line {line}: the row has {len} cells, but the header names {} columns; quote a \
             cell holding a comma",
            header.len()
        ),
        csv::ErrorKind::Utf8 { err, .. } => format!(
            "line {line}, column `{}`: the text is not valid UTF-8; save the file as UTF-8",
            header.get(err.field()).unwrap_or("?")
        ),
        _ => format!("line {line}: {err}"),
    }
}
