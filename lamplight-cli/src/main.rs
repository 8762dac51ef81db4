//! `lamplight`: the command-line tool for the Lamplight publishing API.
//!
//! The process belongs here: its runtime, its signals and its exit. The library only sees an
//! [`Interrupt`] being raised.

#![forbid(unsafe_code)]

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use lamplight_cli::cli::Command;
use lamplight_cli::{Cli, Exit, Interrupt, redact};

use lamplight_sandbox::StopSignals;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return argument_error(&error),
    };
    log_to_stderr(cli.global.key.as_ref().map(|key| key.expose().to_owned()));
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

/// With `RUST_LOG` set to a level (`error`, `warn`, `info`, `debug`, `trace`, or
/// `target=level` pairs, of which the most verbose level is used), the client's request log
/// goes to standard error, with the key blanked out of every line.
fn log_to_stderr(key: Option<String>) {
    let Ok(filter) = std::env::var("RUST_LOG") else {
        return;
    };
    let level = filter
        .split(',')
        .filter_map(|directive| {
            let level = directive.rsplit('=').next().unwrap_or(directive);
            level.trim().parse::<tracing::Level>().ok()
        })
        .max();
    let Some(level) = level else {
        return;
    };
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_ansi(false)
        .with_writer(move || RedactingStderr { key: key.clone() })
        .try_init();
}

/// Standard error, with the key blanked out of what is written. The log formats each line
/// whole before writing it, so a key is never split across two writes.
struct RedactingStderr {
    key: Option<String>,
}

impl Write for RedactingStderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = redact(&String::from_utf8_lossy(buf), self.key.as_deref());
        std::io::stderr().write_all(text.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
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
