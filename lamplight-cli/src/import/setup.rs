//! Everything an import checks and opens before its first row: the map (and the schema),
//! the CSV's header, the journal's lock and history, and the results file. Any problem here
//! stops the import before anything is sent.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use lamplight_client::RecordKind;
use lamplight_schema::Schema;

use super::checks::SchemaCheck;
use super::journal::{History, Journal, JournalLock, read_history};
use super::map::{ColumnField, ImportMap, ImportOf, Target};
use super::source;
use crate::cli::ImportArgs;
use crate::commands::schema::locate;
use crate::dates::DateFormat;
use crate::error::CliError;

/// A mapped column, with its place in the header.
pub(super) struct BoundColumn {
    pub(super) field: ColumnField,
    pub(super) index: usize,
}

/// Where an import writes.
pub(super) struct Paths {
    pub(super) results: PathBuf,
    pub(super) journal: PathBuf,
}

/// An import ready to read its first row.
pub(super) struct Setup {
    pub(super) map: ImportMap,
    pub(super) columns: Vec<BoundColumn>,
    pub(super) header: csv::StringRecord,
    /// Taken by the pipeline, which reads it on a thread of its own.
    pub(super) reader: Option<csv::Reader<Box<dyn Read + Send>>>,
    /// The file's size in bytes, for the progress bar.
    pub(super) size: u64,
    pub(super) dates: DateFormat,
    pub(super) schema: Option<SchemaCheck>,
    pub(super) history: History,
    pub(super) journal: Option<Journal>,
    /// Held until the import ends; `None` for a dry run, which writes no journal.
    pub(super) _lock: Option<JournalLock>,
    pub(super) results: csv::Writer<File>,
    pub(super) paths: Paths,
}

impl Setup {
    /// Reads and checks everything the import needs, in the order that lets a mistake be
    /// reported before any file is written.
    pub(super) fn open(args: &ImportArgs, of: ImportOf) -> Result<Setup, CliError> {
        let mut map = ImportMap::load(&args.map, of)?;
        let dates = DateFormat::parse(&args.date_format)
            .map_err(|why| CliError::usage(format!("--date-format: {why}")))?;
        let encoding = source::encoding(&args.encoding)
            .map_err(|why| CliError::usage(format!("--encoding: {why}")))?;
        let schema = load_schema(args.schema.as_deref(), map.target)?;
        if let Some(schema) = &schema {
            let problems = schema.check_map(&mut map, &dates);
            if !problems.is_empty() {
                return Err(CliError::usage(format!(
                    "map file {} does not fit the schema; nothing was sent:\n  {}",
                    args.map.display(),
                    problems.join("\n  ")
                )));
            }
        }

        let file = File::open(&args.file).map_err(|err| {
            CliError::usage(format!("cannot read {}: {err}", args.file.display()))
        })?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let decoded = source::utf8_reader(file, encoding).map_err(|err| {
            CliError::usage(format!("cannot read {}: {err}", args.file.display()))
        })?;
        let mut reader = csv::ReaderBuilder::new()
            .flexible(false)
            .from_reader(decoded);
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

        let paths = Paths {
            journal: args
                .journal
                .clone()
                .unwrap_or_else(|| with_suffix(&args.file, ".journal")),
            results: args
                .results
                .clone()
                .unwrap_or_else(|| with_suffix(&args.file.with_extension(""), ".results.csv")),
        };
        let target = map.target.describe();
        let (lock, history, journal) = if args.dry_run {
            (None, History::default(), None)
        } else {
            // Locked before the history is read, so that no other import appends to it after.
            let lock = JournalLock::acquire(&paths.journal)?;
            let history = read_history(&paths.journal, &target)?;
            let journal = Journal::open(&paths.journal, &target, !args.no_fsync)?;
            (Some(lock), history, Some(journal))
        };
        let mut results = csv::Writer::from_path(&paths.results).map_err(|err| {
            CliError::usage(format!(
                "cannot write the results file {}: {err}",
                paths.results.display()
            ))
        })?;
        results
            .write_record(["row", "line", "status", "id", "message"])
            .map_err(|err| {
                CliError::failed(format!(
                    "cannot write the results file {}: {err}",
                    paths.results.display()
                ))
            })?;
        Ok(Setup {
            map,
            columns,
            header,
            reader: Some(reader),
            size,
            dates,
            schema,
            history,
            journal,
            _lock: lock,
            results,
            paths,
        })
    }
}

/// The schema named by `--schema`, `LAMPLIGHT_SCHEMA` or `./lamplight.toml`, if any.
fn load_schema(given: Option<&Path>, target: Target) -> Result<Option<SchemaCheck>, CliError> {
    let Some(path) = locate(given) else {
        return Ok(None);
    };
    let schema = Schema::from_file(&path).map_err(|err| CliError::usage(err.to_string()))?;
    let kind = match target {
        Target::Referral => RecordKind::Referral,
        Target::Profile(kind, _) => kind,
    };
    Ok(Some(SchemaCheck::new(schema, kind, &path)))
}

fn with_suffix(file: &Path, suffix: &str) -> PathBuf {
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
