//! The `lamplight` command-line tool: read workareas, work records and profiles, write
//! referrals, profiles and attendances, run the local sandbox, and bulk-import CSV files
//! resumably, all through the Lamplight publishing API.
//!
//! The binary is a thin shell over [`run`]; this library exists so that its parts are
//! documented and tested. See the crate's README for every command, the map file format, the
//! journal and the exit codes.
//!
//! ```no_run
//! use clap::Parser;
//! use lamplight_cli::{Cli, run};
//!
//! # async fn example() {
//! let cli = Cli::parse_from(["lamplight", "--json", "workareas"]);
//! let exit = run(cli).await;
//! std::process::exit(i32::from(exit.code()));
//! # }
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod cli;
pub mod commands;
mod connect;
pub mod error;
pub mod fields;
pub mod import;
mod output;
mod signals;

pub use cli::Cli;
pub use error::{CliError, Exit, redact};

use lamplight_client::RecordKind;

use crate::cli::{Command, ImportCommand, ProfileWriteCommand, ReferralCommand};
use crate::import::map::ImportOf;

/// Runs a parsed command line, printing its output and any error (with the key blanked out),
/// and returns the exit code.
pub async fn run(cli: Cli) -> Exit {
    let key = cli.global.key.as_ref().map(|key| key.expose().to_owned());
    match execute(cli).await {
        Ok(exit) => exit,
        Err(error) => {
            eprintln!("lamplight: {}", redact(&error.to_string(), key.as_deref()));
            error.exit()
        }
    }
}

async fn execute(cli: Cli) -> Result<Exit, CliError> {
    let json = cli.global.json;
    let client = || connect::client(&cli.global);
    match &cli.command {
        Command::Sandbox(args) => commands::sandbox::run(args, json).await,
        Command::Import { what } => {
            let (args, of) = match what {
                ImportCommand::Referrals(args) => (args, ImportOf::Referrals),
                ImportCommand::People(args) => (args, ImportOf::People),
            };
            let key = cli.global.key.as_ref().map(|key| key.expose().to_owned());
            if args.dry_run {
                import::run(None, args, of, json, key).await
            } else {
                let client = client()?;
                import::run(Some(&client), args, of, json, key).await
            }
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
