//! `lamplight`: the command-line tool for the Lamplight publishing API.
//!
//! The process belongs here: its runtime, its signals and its exit. The library only sees an
//! [`Interrupt`] being raised.

mod signals;

use std::process::ExitCode;

use clap::Parser;
use lamplight_cli::cli::Command;
use lamplight_cli::{Cli, Exit, Interrupt, redact};

use crate::signals::StopSignals;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return argument_error(&error),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("lamplight: cannot start: {error}");
            return Exit::Lamplight.into();
        }
    };
    runtime.block_on(run(cli)).into()
}

/// Runs the command, turning Ctrl-C and SIGTERM into what suits it: an import or the sandbox
/// is asked to stop cleanly, and a second signal ends the process at once; any other command
/// ends at the first.
async fn run(cli: Cli) -> Exit {
    // Registered before the command starts, so that no signal is missed.
    let mut signals = match StopSignals::register() {
        Ok(signals) => signals,
        Err(error) => {
            eprintln!("lamplight: cannot listen for Ctrl-C: {error}");
            return Exit::Lamplight;
        }
    };
    let stops_cleanly = match &cli.command {
        Command::Import { .. } => Some(
            "stopping: no new rows are sent; waiting for the rows in flight (Ctrl-C again to \
             quit at once, leaving them uncertain)",
        ),
        Command::Sandbox(_) => Some("stopping the sandbox"),
        _ => None,
    };
    let importing = matches!(cli.command, Command::Import { .. });
    let interrupt = Interrupt::default();
    let listener = {
        let interrupt = interrupt.clone();
        tokio::spawn(async move {
            signals.wait().await;
            let Some(message) = stops_cleanly else {
                std::process::exit(i32::from(Exit::Interrupted.code()));
            };
            interrupt.request();
            eprintln!("lamplight: {message}");
            signals.wait().await;
            if importing {
                eprintln!(
                    "lamplight: quit at once; rows in flight are recorded as started, and a \
                     re-run reports them as uncertain"
                );
            }
            std::process::exit(i32::from(Exit::Interrupted.code()));
        })
    };
    let exit = lamplight_cli::run(cli, &interrupt).await;
    listener.abort();
    exit
}

/// Prints a clap error (or help, or the version) with any key that was given blanked out: an
/// argument error may quote what was typed.
fn argument_error(error: &clap::Error) -> ExitCode {
    let rendered = error.render().to_string();
    let mut secrets: Vec<String> = std::env::var("LAMPLIGHT_KEY").into_iter().collect();
    let args: Vec<String> = std::env::args().collect();
    for (index, arg) in args.iter().enumerate() {
        if let Some(value) = arg.strip_prefix("--key=") {
            secrets.push(value.to_owned());
        } else if arg == "--key"
            && let Some(value) = args.get(index + 1)
        {
            secrets.push(value.clone());
        }
    }
    let shown = secrets
        .iter()
        .fold(rendered, |text, secret| redact(&text, Some(secret)));
    if error.use_stderr() {
        eprint!("{shown}");
        Exit::Usage.into()
    } else {
        print!("{shown}");
        Exit::Success.into()
    }
}
