//! The `lamplight` command's inputs: the import map file, CSV rows read through their map, and
//! the import journal.

use clap::Parser;
use lamplight_cli::Cli;
use lamplight_cli::import::journal::read_history;
use lamplight_cli::import::map::{ImportMap, ImportOf};

/// The import kinds a map can be read for.
const KINDS: [ImportOf; 2] = [ImportOf::Referrals, ImportOf::People];

/// Reads `data` as a map file, for an import of referrals and of people. Either may refuse it,
/// with a message; neither may panic.
pub fn cli_map(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for of in KINDS {
        if let Err(message) = ImportMap::parse(text, of) {
            assert!(!message.is_empty(), "a map refused without a reason");
        }
    }
}

/// A map file and a CSV file, split at the first NUL byte, imported with
/// `lamplight --json import referrals|people FILE.csv --map MAP.toml --dry-run`: every row is
/// read, matched to the map and encoded, and nothing is sent. A map that mentions `kind` or
/// `role` is imported as people, any other as referrals. The import may refuse the map or fail
/// rows; it must end with one of the import's exit codes, not a panic.
pub fn cli_csv(data: &[u8]) {
    let (map, csv) = crate::split_once_nul(data);
    let mentions = |word: &[u8]| map.windows(word.len()).any(|w| w == word);
    let of = if mentions(b"kind") || mentions(b"role") {
        "people"
    } else {
        "referrals"
    };
    let dir = tempfile::tempdir().expect("a temporary directory");
    let map_path = dir.path().join("map.toml");
    let csv_path = dir.path().join("rows.csv");
    let results_path = dir.path().join("results.csv");
    std::fs::write(&map_path, map).expect("the map file is written");
    std::fs::write(&csv_path, csv).expect("the CSV file is written");
    let cli = Cli::try_parse_from([
        "lamplight".as_ref(),
        "--json".as_ref(),
        "import".as_ref(),
        of.as_ref(),
        csv_path.as_os_str(),
        "--map".as_ref(),
        map_path.as_os_str(),
        "--results".as_ref(),
        results_path.as_os_str(),
        "--dry-run".as_ref(),
    ])
    .expect("the import's command line parses");
    let exit = crate::block_on(lamplight_cli::run(
        cli,
        &lamplight_cli::Interrupt::default(),
    ));
    let code = exit.code();
    assert!(
        matches!(code, 0 | 2 | 3),
        "a dry-run import ended with exit code {code}"
    );
}

/// Writes `data` as a journal file and reads it back as an import of referrals would. A journal
/// may be refused, with a message; reading may not panic.
pub fn cli_journal(data: &[u8]) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("rows.csv.journal");
    std::fs::write(&path, data).expect("the journal is written");
    if let Err(error) = read_history(&path, "referrals") {
        assert!(
            !error.to_string().is_empty(),
            "a journal refused without a reason"
        );
    }
}
