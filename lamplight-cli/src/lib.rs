//! The `lamplight` command-line tool: read workareas, work records and profiles, write
//! referrals, profiles and attendances, run the local sandbox, and bulk-import CSV files
//! resumably, all through the Lamplight publishing API.
//!
//! The binary is a thin shell over [`run`]: it owns the process (its signals and its exit
//! code) and this library never ends it. See the crate's README for every command, the map
//! file format, the journal and the exit codes.
//!
//! How a command flows: `main.rs` (signals, runtime; a stop request reaches the library as an
//! [`Interrupt`], `interrupt.rs`) → `cli.rs` (clap) → [`run`] here → `connect.rs` (a client
//! from the flags and environment) → `commands/` (reads, writes, the sandbox, `schema`) →
//! `output.rs` (tables or JSON), or `error.rs` (the message and exit code of a failure). An
//! import goes `import/mod.rs` → `import/setup.rs` (the map file read by `import/map.rs`,
//! schema checks in `import/checks.rs`, CSV decoding in
//! `import/source.rs`, journal and lock in `import/journal.rs`) → `import/pipeline.rs` (one
//! row: `fields.rs` and `dates.rs` build it, `import/record.rs` sends it, the journal records
//! it) → `import/summary.rs` (the results and the exit code).
//!
//! ```no_run
//! use clap::Parser;
//! use lamplight_cli::{Cli, Interrupt, run};
//!
//! # async fn example() {
//! let cli = Cli::parse_from(["lamplight", "--json", "workareas"]);
//! let exit = run(cli, &Interrupt::default()).await;
//! std::process::exit(i32::from(exit.code()));
//! # }
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod cli;
pub mod commands;
mod connect;
pub mod dates;
pub mod error;
pub mod fields;
pub mod import;
mod interrupt;
mod output;

pub use cli::Cli;
pub use error::{CliError, Exit, redact};
pub use interrupt::Interrupt;

use lamplight_client::RecordKind;

use crate::cli::{Command, ImportCommand, ProfileWriteCommand, ReferralCommand};
use crate::import::map::ImportOf;

/// Runs a parsed command line, printing its output and any error (with the key blanked out),
/// and returns the exit code.
///
/// `interrupt` is how the caller asks a long command to stop: an import then sends no new row
/// and waits for the rows in flight; the sandbox shuts down. Other commands ignore it.
pub async fn run(cli: Cli, interrupt: &Interrupt) -> Exit {
    let key = cli.global.key.as_ref().map(|key| key.expose().to_owned());
    match execute(cli, interrupt).await {
        Ok(exit) => exit,
        Err(error) => {
            eprintln!("lamplight: {}", redact(&error.to_string(), key.as_deref()));
            error.exit()
        }
    }
}

async fn execute(cli: Cli, interrupt: &Interrupt) -> Result<Exit, CliError> {
    let json = cli.global.json;
    let client = || connect::client(&cli.global);
    match &cli.command {
        Command::Sandbox(args) => commands::sandbox::run(args, json, interrupt).await,
        Command::Schema { action } => commands::schema::run(action, json),
        Command::Import { what } => {
            let (args, of) = match what {
                ImportCommand::Referrals(args) => (args, ImportOf::Referrals),
                ImportCommand::People(args) => (args, ImportOf::People),
            };
            let key = cli.global.key.as_ref().map(|key| key.expose().to_owned());
            let client = if args.dry_run { None } else { Some(client()?) };
            let session = import::Session {
                client: client.as_ref(),
                args,
                of,
                json,
                key,
                interrupt,
            };
            import::run(session).await
        }
        Command::Workareas => {
            commands::reads::workareas(&client()?, json).await?;
            Ok(Exit::Success)
        }
        Command::Work { action } => {
            commands::reads::work(&client()?, action, json).await?;
            Ok(Exit::Success)
        }
        Command::People { action } => {
            commands::reads::profiles(&client()?, RecordKind::Person, action, json).await?;
            Ok(Exit::Success)
        }
        Command::Orgs { action } => {
            commands::reads::profiles(&client()?, RecordKind::Organisation, action, json).await?;
            Ok(Exit::Success)
        }
        Command::Families { action } => {
            commands::reads::profiles(&client()?, RecordKind::Family, action, json).await?;
            Ok(Exit::Success)
        }
        Command::Referral {
            action: ReferralCommand::Add(args),
        } => commands::writes::referral_add(&client()?, args, json).await,
        Command::Profile { action } => match action {
            ProfileWriteCommand::Add(args) => {
                commands::writes::profile_write(&client()?, None, args, json).await
            }
            ProfileWriteCommand::Update { id, fields } => {
                commands::writes::profile_write(&client()?, Some(*id), fields, json).await
            }
        },
        Command::Attend(args) => commands::writes::attend(&client()?, args, json).await,
    }
}
