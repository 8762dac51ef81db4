//! The rows of an import, streamed: read one, build its record, journal `started`, send it,
//! journal its outcome, and write its line of the results file, with at most `--concurrency`
//! rows in flight.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use lamplight_client::{EncodeErrorKind, Error, Record};

use super::Session;
use super::Status;
use super::checks::SchemaCheck;
use super::journal::{History, Journal, RowState, fingerprint};
use super::map::ImportMap;
use super::record::AnyRecord;
use super::setup::{BoundColumn, Setup};
use super::summary::Tally;
use super::throttle::{Signal, Throttle, ThrottleReport};
use crate::dates::DateFormat;
use crate::error::{CliError, redact};
use crate::fields::{self, FieldText};
use crate::interrupt::Interrupt;

struct RowInput {
    row: u64,
    line: u64,
    byte: u64,
    record: Result<csv::StringRecord, String>,
}

/// What happened to one row.
pub(super) struct Outcome {
    pub(super) row: u64,
    line: u64,
    byte: u64,
    /// `None`: the row was not sent because the import was stopping.
    pub(super) status: Option<Status>,
    id: Option<u64>,
    message: String,
    pub(super) earlier: bool,
}

/// How the rows went.
pub(super) struct Finished {
    pub(super) tally: Tally,
    /// Why the import stopped before the end of the file, if it did.
    pub(super) halted: Option<CliError>,
    /// What the concurrency was, and what the server's refusals made of it.
    pub(super) throttle: ThrottleReport,
}

struct Context<'a> {
    session: &'a Session<'a>,
    map: &'a ImportMap,
    columns: &'a [BoundColumn],
    dates: &'a DateFormat,
    schema: Option<&'a SchemaCheck>,
    history: &'a History,
    journal: Option<&'a Journal>,
    /// Set when the import must send no new row: a halt here, or an interrupt.
    stop: Arc<AtomicBool>,
    halt: Mutex<Option<CliError>>,
    throttle: Throttle,
    /// Rows journalled `started` and waiting for a slot.
    ready: tokio::sync::Semaphore,
}

impl Context<'_> {
    fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst) || self.session.interrupt.is_requested()
    }

    fn halt(&self, error: CliError) {
        self.stop.store(true, Ordering::SeqCst);
        if let Ok(mut halt) = self.halt.lock()
            && halt.is_none()
        {
            *halt = Some(error);
        }
    }

    fn redact(&self, text: &str) -> String {
        redact(text, self.session.key.as_deref())
    }

    async fn journal(&self, text: String, sync: bool) -> Result<(), CliError> {
        match self.journal {
            Some(journal) => journal.append(self.redact(&text), sync).await,
            None => Ok(()),
        }
    }

    /// One field's text from the schema's point of view, then set on the record. A failure
    /// leaves a fresh record behind, so that the row's other fields are still checked and
    /// every problem of the row is reported at once.
    fn apply(&self, built: &mut AnyRecord, text: FieldText) -> Result<(), String> {
        let text = match self.schema {
            Some(schema) => schema.value(text, self.dates)?,
            None => text,
        };
        let record = std::mem::replace(built, self.map.target.new_record());
        *built = fields::apply(record, &text, self.dates)?;
        Ok(())
    }

    /// The row as a record, or every reason it cannot be one, naming its line and columns.
    fn build(&self, record: &csv::StringRecord, line: u64) -> Result<AnyRecord, String> {
        let mut built = self.map.target.new_record();
        let mut problems = Vec::new();
        for constant in &self.map.constants {
            if let Err(reason) = self.apply(&mut built, constant.clone()) {
                problems.push(format!(
                    "line {line}: the constant for `{}` in the map: {reason}",
                    constant.name
                ));
            }
        }
        for column in self.columns {
            let cell = record.get(column.index).unwrap_or("").trim();
            if cell.len() > MAX_CELL_BYTES {
                problems.push(format!(
                    "line {line}, column `{}` (field `{}`): the cell holds {} bytes; a cell \
                     holds at most {MAX_CELL_BYTES}",
                    column.field.column,
                    column.field.field,
                    cell.len()
                ));
                continue;
            }
            let value = match (cell.is_empty(), &column.field.default) {
                (false, _) => cell,
                (true, Some(default)) => default.as_str(),
                (true, None) => {
                    if self
                        .schema
                        .is_some_and(|schema| schema.required(&column.field.field))
                    {
                        problems.push(format!(
                            "line {line}, column `{}` (field `{}`): the cell is empty, and the \
                             schema makes the field required",
                            column.field.column, column.field.field
                        ));
                    }
                    continue;
                }
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
            if let Err(reason) = self.apply(&mut built, text) {
                problems.push(format!(
                    "line {line}, column `{}` (field `{}`): {reason}",
                    column.field.column, column.field.field
                ));
            }
        }
        if !problems.is_empty() {
            return Err(problems.join("; "));
        }
        built.to_form().map(drop).map_err(|err| {
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
        let args = self.session.args;
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
                args.file.display()
            )));
            return outcome(None, None, String::new(), false);
        }
        if !args.dry_run {
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
                RowState::Failed if !args.retry_failed => {
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
                RowState::Uncertain if !args.resend_uncertain => {
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
        if self.stopping() {
            return outcome(None, None, String::new(), false);
        }
        let built = match record.and_then(|record| {
            let built = self.build(&record, line)?;
            Ok((record, built))
        }) {
            Ok(built) => built,
            Err(message) => {
                let message = self.redact(&message);
                if !args.dry_run
                    && let Err(err) = self
                        .journal(format!("row {row} failed: {message}"), false)
                        .await
                {
                    self.halt(err);
                }
                return outcome(Some(Status::Failed), None, message, false);
            }
        };
        let (record, built) = built;
        let Some(client) = self.session.client.filter(|_| !args.dry_run) else {
            return outcome(Some(Status::Checked), None, String::new(), false);
        };
        let started = format!("row {row} started {:016x}", fingerprint(&record));
        let mut refusals = 0u32;
        let result = loop {
            // The `started` line, and its fsync, go to disk while earlier rows are still in
            // flight, so that a freed slot sends at once instead of waiting for the disk. At
            // most `ready` rows are started and waiting for a slot.
            let ready = self.ready.acquire().await.ok();
            if self.stopping() {
                // Refused earlier (its `unsent` line is written) or never sent: either way the
                // next run sends it.
                return outcome(None, None, String::new(), false);
            }
            if let Err(err) = self.journal(started.clone(), true).await {
                // Never send a row the journal cannot vouch for: a crash after it was stored
                // would leave no trace, and the next run would send it again.
                self.halt(CliError::failed(format!(
                    "stopped before sending row {row} (line {line}), which was not sent: {err}"
                )));
                return outcome(None, None, String::new(), false);
            }
            let mut slot = self.throttle.acquire().await;
            drop(ready);
            if self.stopping() {
                drop(slot);
                if let Err(err) = self
                    .journal(
                        format!("row {row} unsent: the import stopped before sending it"),
                        false,
                    )
                    .await
                {
                    self.halt(err);
                }
                return outcome(None, None, String::new(), false);
            }
            slot.sending();
            let result = client.create(&built).await;
            let Some(retry_after) = busy(&result) else {
                slot.finish(match &result {
                    Ok(_)
                    | Err(Error::Api { .. } | Error::PartlySaved { .. } | Error::Http { .. }) => {
                        Signal::Replied
                    }
                    Err(_) => Signal::Nothing,
                });
                break result;
            };
            slot.finish(Signal::Busy(retry_after));
            refusals += 1;
            let reason = match &result {
                Err(error) => describe(error),
                Ok(_) => String::new(),
            };
            // A 429 or 503 is Lamplight refusing the row before storing anything, so sending
            // it again cannot store it twice. The line says so, for a crash before the resend.
            if let Err(err) = self
                .journal(format!("row {row} unsent: {}", self.redact(&reason)), false)
                .await
            {
                self.halt(err);
                return outcome(None, None, String::new(), false);
            }
            if refusals >= MAX_REFUSALS {
                break result;
            }
        };
        let (status, id, message) = match classify(result) {
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
            self.halt(CliError::failed(format!(
                "stopped after row {row} (line {line}), whose outcome could not be recorded: \
                 {err}. A re-run reports it as uncertain"
            )));
        }
        outcome(Some(status), id, message, false)
    }
}

/// How many rows may be journalled `started` while they wait for a slot: enough to cover the
/// wait for the journal while the rows in flight finish, and few, because a crash leaves these
/// rows uncertain as well as the ones in flight. A row that arrives while an fsync is under way
/// waits for it and for the next, about 8 ms on a common SSD; at 20 ms a reply that is 40% of
/// the rows in flight, so half of them.
fn ready_rows(ceiling: u16) -> usize {
    usize::from(ceiling / 2).max(1)
}

/// How many times running one row may be refused with HTTP 429 or 503 before the import stops.
const MAX_REFUSALS: u32 = 10;

/// The largest cell sent: no Lamplight field takes more, and a runaway cell (a missing closing
/// quote swallowing the rest of the file) fails its row instead of being sent.
pub const MAX_CELL_BYTES: usize = 64 * 1024;

/// `Some(Retry-After)` when the reply is HTTP 429 or 503 from the server itself: the row was
/// refused, not stored, and can be sent again.
fn busy(result: &Result<lamplight_client::Created, Error>) -> Option<Option<Duration>> {
    match result {
        Err(Error::Http {
            status: 429 | 503,
            retry_after,
            ..
        }) => Some(*retry_after),
        _ => None,
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
        Error::Http {
            status: 429 | 503, ..
        } => Sent::Unsent(format!(
            "{message} (refused {MAX_REFUSALS} times running: the server is too busy)"
        )),
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

/// Streams every row of `setup` through Lamplight (or only through the checks, for a dry
/// run), writing the results file as rows finish, in row order.
pub(super) async fn run(setup: &mut Setup, session: &Session<'_>) -> Finished {
    let stop = Arc::new(AtomicBool::new(false));
    let mut rows = match setup.reader.take() {
        Some(reader) => read_rows(
            reader,
            setup.header.clone(),
            session.args.file.clone(),
            Arc::clone(&stop),
            session.interrupt.clone(),
            usize::from(session.args.concurrency.ceiling()) * 2,
        ),
        None => tokio::sync::mpsc::channel(1).1,
    };
    let Setup {
        map,
        columns,
        size,
        dates,
        schema,
        history,
        journal,
        results,
        paths,
        ..
    } = setup;
    let context = Context {
        session,
        map,
        columns,
        dates,
        schema: schema.as_ref(),
        history,
        journal: journal.as_ref(),
        stop,
        halt: Mutex::new(None),
        throttle: Throttle::new(session.args.concurrency),
        ready: tokio::sync::Semaphore::new(ready_rows(session.args.concurrency.ceiling())),
    };
    let progress = progress_bar(session.json, *size);
    let context = &context;
    // Rows finish out of order; their results wait here to be written in row order. Rows read
    // ahead plus results waiting are bounded, so a row stuck on a slow reply cannot make the
    // rows behind it pile up in memory.
    let ahead = usize::from(session.args.concurrency.ceiling()).max(4) * 4;
    let mut in_flight = FuturesUnordered::new();
    let mut waiting: BTreeMap<u64, Outcome> = BTreeMap::new();
    let mut next_row = 1u64;
    let mut reading = true;

    let mut tally = Tally::default();
    let mut write_error = None;
    let show_problems = session.args.dry_run && !session.json;
    let mut write = |outcome: Outcome, tally: &mut Tally| {
        tally.count(&outcome);
        progress.set_position(outcome.byte);
        progress.set_message(tally.progress());
        let Some(status) = outcome.status else {
            return;
        };
        if show_problems && status == Status::Failed {
            progress.suspend(|| crate::output::print(&outcome.message));
        }
        if write_error.is_none()
            && let Err(err) = results.write_record([
                outcome.row.to_string(),
                outcome.line.to_string(),
                status.as_str().to_owned(),
                outcome.id.map(|id| id.to_string()).unwrap_or_default(),
                outcome.message,
            ])
        {
            write_error = Some(CliError::failed(format!(
                "cannot write the results file {}: {err}",
                paths.results.display()
            )));
        }
    };
    loop {
        let room = in_flight.len() + waiting.len() < ahead;
        tokio::select! {
            biased;
            Some(outcome) = in_flight.next(), if !in_flight.is_empty() => {
                let outcome: Outcome = outcome;
                waiting.insert(outcome.row, outcome);
                while let Some(outcome) = waiting.remove(&next_row) {
                    next_row += 1;
                    write(outcome, &mut tally);
                }
            }
            read = rows.recv(), if reading && room => match read {
                Some(Ok(input)) => in_flight.push(context.process(input)),
                Some(Err(error)) => {
                    context.halt(error);
                    reading = false;
                }
                None => reading = false,
            },
            else => break,
        }
    }
    // Only a row that was never read leaves a gap; write what is left, still in order.
    for (_, outcome) in std::mem::take(&mut waiting) {
        write(outcome, &mut tally);
    }
    drop(in_flight);
    progress.finish_and_clear();
    if let Err(err) = results.flush() {
        write_error.get_or_insert(CliError::failed(format!(
            "cannot write the results file {}: {err}",
            paths.results.display()
        )));
    }
    let halted = context
        .halt
        .lock()
        .ok()
        .and_then(|mut halt| halt.take())
        .or(write_error);
    Finished {
        tally,
        halted,
        throttle: context.throttle.report(),
    }
}

/// Reads the CSV on a thread of its own, so that a slow source (a pipe, a network disk)
/// never holds up the replies of the rows in flight, and hands the rows over through a
/// bounded channel, so that memory stays flat. It stops reading once `stop` or `interrupt` is
/// raised, and when the pipeline goes away.
fn read_rows(
    mut reader: csv::Reader<Box<dyn Read + Send>>,
    header: csv::StringRecord,
    file: PathBuf,
    stop: Arc<AtomicBool>,
    interrupt: Interrupt,
    capacity: usize,
) -> tokio::sync::mpsc::Receiver<Result<RowInput, CliError>> {
    let (sender, receiver) = tokio::sync::mpsc::channel(capacity.max(1));
    let spawned = std::thread::Builder::new()
        .name("lamplight-csv".to_owned())
        .spawn(move || {
            let mut row = 0u64;
            let mut last_byte = reader.position().byte();
            while !stop.load(Ordering::SeqCst) && !interrupt.is_requested() {
                let mut record = csv::StringRecord::new();
                let line = reader.position().line();
                let read = match reader.read_record(&mut record) {
                    Ok(false) => break,
                    Ok(true) => {
                        row += 1;
                        last_byte = reader.position().byte();
                        Ok(RowInput {
                            row,
                            line: record.position().map_or(line, csv::Position::line),
                            byte: last_byte,
                            record: Ok(record),
                        })
                    }
                    Err(err) => {
                        let line = err.position().map_or(line, csv::Position::line);
                        let byte = reader.position().byte();
                        if matches!(err.kind(), csv::ErrorKind::Io(_)) || byte <= last_byte {
                            Err(CliError::failed(format!(
                                "cannot read {} at line {line}: {err}",
                                file.display()
                            )))
                        } else {
                            last_byte = byte;
                            row += 1;
                            Ok(RowInput {
                                row,
                                line,
                                byte,
                                record: Err(csv_problem(&err, line, &header)),
                            })
                        }
                    }
                };
                let last = read.is_err();
                if sender.blocking_send(read).is_err() || last {
                    break;
                }
            }
        });
    if let Err(err) = spawned {
        let (sender, receiver) = tokio::sync::mpsc::channel(1);
        let _ = sender.try_send(Err(CliError::failed(format!(
            "cannot start reading the CSV file: {err}"
        ))));
        return receiver;
    }
    receiver
}

fn progress_bar(json: bool, size: u64) -> ProgressBar {
    if json || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(size), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} {msg}",
    ) {
        bar.set_style(style);
    }
    bar
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
            "line {line}, column `{}`: the text is not valid UTF-8; save the file as UTF-8, or \
             name its encoding with --encoding (e.g. windows-1252)",
            header.get(err.field()).unwrap_or("?")
        ),
        _ => format!("line {line}: {err}"),
    }
}
