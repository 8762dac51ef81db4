//! The import journal: an append-only text file that records, for each CSV row, that it was
//! about to be sent and what came of it, so that a re-run sends no row twice and loses none.
//!
//! ```text
//! # lamplight import journal 1: referrals
//! row 1 started 9f3a2b1c00112233
//! row 1 done id 5001
//! row 2 failed: line 3, column `Email` (field `attendee`): `x` is not an email address ...
//! row 3 started 0b1c2d3e4f506172
//! row 4 started 1122334455667788
//! row 4 uncertain: could not reach Lamplight
//! row 5 unsent: could not reach Lamplight (no connection was made)
//! ```
//!
//! - `started` is written, and flushed to disk, before the row's request is sent; the number
//!   after it is a fingerprint of the row, to notice a CSV that changed between runs.
//! - `done id X`: Lamplight stored the row as record X.
//! - `failed: why`: the row was refused (by the checks here, or by Lamplight) and not stored.
//! - `uncertain: why`: the request was sent but no reply came back; it may have been stored.
//!   A `started` line with nothing after it (the program was killed while the request was in
//!   flight) counts the same.
//! - `unsent: why`: the request provably never reached Lamplight; the row is sent again.
//!
//! The last line for a row decides its state.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;

use tokio::sync::oneshot;

use crate::error::CliError;

const HEADER: &str = "# lamplight import journal 1: ";

/// What the journal says about one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowState {
    /// Never sent, or provably not received (`unsent`).
    #[default]
    Pending,
    /// Stored as this record.
    Done(u64),
    /// Refused, not stored.
    Failed,
    /// Sent, outcome unknown.
    Uncertain,
}

#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    state: RowState,
    fingerprint: Option<u64>,
}

/// Everything an earlier run recorded: a few dozen bytes a row, so a resume holds no CSV data.
#[derive(Debug, Default)]
pub struct History {
    // Keyed by row, so memory follows the journal's lines rather than the largest row number a
    // damaged journal names.
    entries: std::collections::HashMap<u64, Entry>,
    messages: std::collections::HashMap<u64, String>,
}

impl History {
    /// The state of `row` (counted from 1).
    pub fn state(&self, row: u64) -> RowState {
        self.entry(row).map(|entry| entry.state).unwrap_or_default()
    }

    /// The fingerprint `row` had when it was last started.
    pub fn fingerprint(&self, row: u64) -> Option<u64> {
        self.entry(row).and_then(|entry| entry.fingerprint)
    }

    /// Why `row` failed or is uncertain, as recorded.
    pub fn message(&self, row: u64) -> Option<&str> {
        self.messages.get(&row).map(String::as_str)
    }

    fn entry(&self, row: u64) -> Option<&Entry> {
        self.entries.get(&row)
    }

    fn entry_mut(&mut self, row: u64) -> Option<&mut Entry> {
        // Rows are numbered by the CSV reader from 1.
        if row == 0 {
            return None;
        }
        Some(self.entries.entry(row).or_default())
    }

    /// Applies one journal line; `None` when the line is not one.
    fn apply(&mut self, line: &str) -> Option<()> {
        let rest = line.strip_prefix("row ")?;
        let (number, rest) = rest.split_once([' ', ':'])?;
        let row: u64 = number.parse().ok()?;
        let rest = rest.trim_start_matches(':').trim_start();
        let (verb, detail) = match rest.split_once([' ', ':']) {
            Some((verb, detail)) => (verb, detail.trim_start_matches(':').trim()),
            None => (rest, ""),
        };
        match verb {
            "started" => {
                let fingerprint = u64::from_str_radix(detail, 16).ok()?;
                let entry = self.entry_mut(row)?;
                entry.state = RowState::Uncertain;
                entry.fingerprint = Some(fingerprint);
                self.messages.insert(
                    row,
                    "an earlier run sent this row and stopped before Lamplight replied".to_owned(),
                );
            }
            "done" => {
                let id = detail.strip_prefix("id ")?.trim().parse().ok()?;
                self.entry_mut(row)?.state = RowState::Done(id);
                self.messages.remove(&row);
            }
            "failed" | "uncertain" | "unsent" => {
                let state = match verb {
                    "failed" => RowState::Failed,
                    "uncertain" => RowState::Uncertain,
                    _ => RowState::Pending,
                };
                self.entry_mut(row)?.state = state;
                if state == RowState::Pending {
                    self.messages.remove(&row);
                } else {
                    self.messages.insert(row, detail.to_owned());
                }
            }
            _ => return None,
        }
        Some(())
    }
}

/// Reads the journal at `path`, if there is one, checking that it belongs to this kind of
/// import. A last line cut short (the program was killed while writing it) is ignored.
pub fn read_history(path: &Path, target: &str) -> Result<History, CliError> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(History::default()),
        Err(err) => {
            return Err(CliError::usage(format!(
                "cannot read the journal {}: {err}",
                path.display()
            )));
        }
    };
    let mut history = History::default();
    let mut reader = BufReader::new(file);
    let mut line = String::new();
    let mut number = 0u64;
    loop {
        line.clear();
        let read = reader.read_line(&mut line).map_err(|err| {
            CliError::usage(format!("cannot read the journal {}: {err}", path.display()))
        })?;
        if read == 0 {
            break;
        }
        number += 1;
        let complete = line.ends_with('\n');
        let text = line.trim_end_matches(['\n', '\r']);
        if number == 1 {
            match text.strip_prefix(HEADER) {
                Some(kind) if kind == target => continue,
                Some(kind) => {
                    return Err(CliError::usage(format!(
                        "the journal {} belongs to an import of {kind}, not of {target}; give \
                         another --journal",
                        path.display()
                    )));
                }
                None if !complete => break,
                None => {
                    return Err(CliError::usage(format!(
                        "{} is not a lamplight import journal (its first line is not `{}...`)",
                        path.display(),
                        HEADER.trim_end()
                    )));
                }
            }
        }
        if text.is_empty() {
            continue;
        }
        if history.apply(text).is_none() && complete {
            return Err(CliError::usage(format!(
                "the journal {} has a line that cannot be read, line {number}: `{}`",
                path.display(),
                text.chars().take(80).collect::<String>()
            )));
        }
    }
    Ok(history)
}

enum Message {
    Line {
        text: String,
        sync: bool,
        done: oneshot::Sender<Result<(), String>>,
    },
}

/// The journal, open for appending. Lines are written by one thread, in the order they are
/// given; lines written at the same time share one write and one fsync.
pub struct Journal {
    sender: Option<mpsc::Sender<Message>>,
    thread: Option<JoinHandle<()>>,
    path: PathBuf,
}

impl Journal {
    /// Opens (or creates) the journal at `path` for an import of `target`. `fsync`: whether
    /// `started` lines reach the disk before their row is sent.
    ///
    /// Hold a [`JournalLock`] first, so that no other import writes to the same journal.
    pub fn open(path: &Path, target: &str, fsync: bool) -> Result<Journal, CliError> {
        let cannot = |err: std::io::Error| {
            CliError::usage(format!("cannot open the journal {}: {err}", path.display()))
        };
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)
            .map_err(cannot)?;
        // A line cut short by a kill was never complete: drop it, so that it cannot run into
        // the next line written.
        let length = complete_length(&mut file).map_err(cannot)?;
        if length < file.metadata().map_err(cannot)?.len() {
            file.set_len(length).map_err(cannot)?;
        }
        if length == 0 {
            writeln!(file, "{HEADER}{target}").map_err(cannot)?;
            file.sync_data().map_err(cannot)?;
        }
        let (sender, receiver) = mpsc::channel::<Message>();
        let thread = std::thread::Builder::new()
            .name("lamplight-journal".to_owned())
            .spawn(move || write_lines(file, receiver, fsync))
            .map_err(cannot)?;
        Ok(Journal {
            sender: Some(sender),
            thread: Some(thread),
            path: path.to_owned(),
        })
    }

    /// Appends `text` as one line; with `sync`, waits until it is on disk (when fsync is on).
    pub async fn append(&self, text: String, sync: bool) -> Result<(), CliError> {
        let (done, wait) = oneshot::channel();
        let failed = || {
            CliError::failed(format!(
                "cannot write to the journal {}",
                self.path.display()
            ))
        };
        self.sender
            .as_ref()
            .ok_or_else(failed)?
            .send(Message::Line { text, sync, done })
            .map_err(|_| failed())?;
        match wait.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(message)) => Err(CliError::failed(format!(
                "cannot write to the journal {}: {message}",
                self.path.display()
            ))),
            Err(_) => Err(failed()),
        }
    }

    /// Waits for every line to be written, and closes the file.
    pub fn close(mut self) {
        self.sender.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Journal {
    fn drop(&mut self) {
        self.sender.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The lock that keeps two imports off one journal: the file `JOURNAL.lock` beside it, locked
/// for as long as this value lives.
///
/// The file stays after the import: the lock is the operating system's, held on the open file,
/// so a lock file left by a killed import never blocks the next one.
#[derive(Debug)]
pub struct JournalLock {
    _file: File,
    path: PathBuf,
}

impl JournalLock {
    /// Locks the journal at `journal`, or says which lock file another import holds.
    ///
    /// A journal must be a plain file: a device or a pipe cannot be read back on a re-run.
    pub fn acquire(journal: &Path) -> Result<JournalLock, CliError> {
        if let Ok(metadata) = std::fs::metadata(journal)
            && !metadata.is_file()
        {
            return Err(CliError::usage(format!(
                "the journal {} is not a plain file; give --journal a file path",
                journal.display()
            )));
        }
        let mut name = journal.as_os_str().to_owned();
        name.push(".lock");
        let path = PathBuf::from(name);
        let cannot = |err: std::io::Error| {
            CliError::usage(format!(
                "cannot create the journal's lock file {}: {err}",
                path.display()
            ))
        };
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(cannot)?;
        match file.try_lock() {
            Ok(()) => Ok(JournalLock { _file: file, path }),
            Err(std::fs::TryLockError::WouldBlock) => Err(CliError::usage(format!(
                "another import is running with the journal {}: it holds the lock file {}. \
                 Wait for it to finish, or give this import its own --journal",
                journal.display(),
                path.display()
            ))),
            Err(std::fs::TryLockError::Error(err)) => Err(cannot(err)),
        }
    }

    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The length of `file` up to and including its last newline.
fn complete_length(file: &mut File) -> std::io::Result<u64> {
    let mut end = file.metadata()?.len();
    let mut chunk = [0u8; 4096];
    while end > 0 {
        let start = end.saturating_sub(chunk.len() as u64);
        let size = usize::try_from(end - start).unwrap_or(chunk.len());
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(&mut chunk[..size])?;
        if let Some(at) = chunk[..size].iter().rposition(|byte| *byte == b'\n') {
            return Ok(start + at as u64 + 1);
        }
        end = start;
    }
    Ok(0)
}

fn write_lines(mut file: File, receiver: mpsc::Receiver<Message>, fsync: bool) {
    let mut broken: Option<String> = None;
    while let Ok(first) = receiver.recv() {
        let mut batch = vec![first];
        while let Ok(next) = receiver.try_recv() {
            batch.push(next);
        }
        let mut buffer = String::new();
        let mut sync = false;
        for Message::Line {
            text, sync: wants, ..
        } in &batch
        {
            // One line per entry, whatever the message held.
            buffer.push_str(&text.replace(['\n', '\r'], " "));
            buffer.push('\n');
            sync |= *wants;
        }
        if broken.is_none() {
            let written = file.write_all(buffer.as_bytes()).and_then(|()| {
                if sync && fsync {
                    file.sync_data()
                } else {
                    Ok(())
                }
            });
            if let Err(err) = written {
                broken = Some(err.to_string());
            }
        }
        for Message::Line { done, .. } in batch {
            let _ = done.send(match &broken {
                None => Ok(()),
                Some(message) => Err(message.clone()),
            });
        }
    }
    let _ = file.sync_data();
}

/// A fingerprint of a CSV row's cells (FNV-1a), to notice a file that changed between runs.
pub fn fingerprint(record: &csv::StringRecord) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for field in record {
        for byte in field.bytes().chain(std::iter::once(0x1f)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_line_for_a_row_decides() {
        let mut history = History::default();
        for line in [
            "row 1 started 00ff",
            "row 1 done id 5001",
            "row 2 failed: line 3, column `Email`: bad",
            "row 3 started 0a",
            "row 4 started 0b",
            "row 4 uncertain: no reply",
            "row 5 started 0c",
            "row 5 unsent: refused",
        ] {
            assert!(history.apply(line).is_some(), "{line}");
        }
        assert_eq!(history.state(1), RowState::Done(5001));
        assert_eq!(history.state(2), RowState::Failed);
        assert_eq!(history.message(2), Some("line 3, column `Email`: bad"));
        assert_eq!(history.state(3), RowState::Uncertain);
        assert_eq!(history.fingerprint(3), Some(0x0a));
        assert_eq!(history.state(4), RowState::Uncertain);
        assert_eq!(history.state(5), RowState::Pending);
        assert_eq!(history.state(6), RowState::Pending);
        for bad in [
            "row x started 1",
            "rows 1",
            "row 1 done 5",
            "row 1 sent",
            "row 0 done id 1",
        ] {
            assert!(history.apply(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_torn_last_line_is_ignored_and_a_foreign_journal_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j");
        std::fs::write(
            &path,
            format!("{HEADER}referrals\nrow 1 started 1\nrow 1 do"),
        )
        .unwrap();
        let history = read_history(&path, "referrals").unwrap();
        assert_eq!(history.state(1), RowState::Uncertain);
        assert!(read_history(&path, "people").is_err());
        std::fs::write(
            &path,
            format!("{HEADER}referrals\nrow 1 bogus\nrow 2 started 1\n"),
        )
        .unwrap();
        let err = read_history(&path, "referrals").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }

    #[tokio::test]
    async fn appended_lines_survive_and_a_torn_line_is_closed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j");
        std::fs::write(&path, format!("{HEADER}referrals\nrow 1 star")).unwrap();
        let journal = Journal::open(&path, "referrals", true).unwrap();
        journal
            .append("row 2 started ff".into(), true)
            .await
            .unwrap();
        journal
            .append("row 2 done id 7".into(), false)
            .await
            .unwrap();
        journal.close();
        let history = read_history(&path, "referrals").unwrap();
        assert_eq!(history.state(2), RowState::Done(7));
        assert_eq!(history.state(1), RowState::Pending);
    }

    #[test]
    fn a_second_lock_is_refused_naming_the_lock_file_until_the_first_goes() {
        let dir = tempfile::tempdir().unwrap();
        let journal = dir.path().join("j");
        let first = JournalLock::acquire(&journal).unwrap();
        let err = JournalLock::acquire(&journal).unwrap_err().to_string();
        assert!(err.contains(&first.path().display().to_string()), "{err}");
        assert!(err.contains("another import"), "{err}");
        drop(first);
        assert!(JournalLock::acquire(&journal).is_ok());
    }
}
