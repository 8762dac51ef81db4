//! `lamplight`: the command-line tool for the Lamplight publishing API.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;
use lamplight_cli::{Cli, Exit, redact};

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
    runtime.block_on(lamplight_cli::run(cli)).into()
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
