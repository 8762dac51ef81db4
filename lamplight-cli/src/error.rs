//! What can go wrong, and the exit code each failure ends the program with.

use std::process::ExitCode;

/// The exit codes of `lamplight`, as documented in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: the command did what it was asked.
    Success,
    /// 1: Lamplight refused a request, could not be reached, or a file could not be written.
    Lamplight,
    /// 2: the command line, the credentials, a map file or an input file is wrong; nothing was
    /// sent.
    Usage,
    /// 3: an import finished, but some rows failed or are uncertain (see the results file).
    ImportIncomplete,
    /// 130: interrupted (Ctrl-C); an import's journal says where to resume.
    Interrupted,
}

impl Exit {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Lamplight => 1,
            Exit::Usage => 2,
            Exit::ImportIncomplete => 3,
            Exit::Interrupted => 130,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit.code())
    }
}

/// A failure that ends a command.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A mistake in what the user gave: flags, credentials, a map file, an input file.
    #[error("{0}")]
    Usage(String),
    /// Lamplight or the network failed, or an output file could not be written.
    #[error("{0}")]
    Failed(String),
    /// An error from the client.
    #[error(transparent)]
    Lamplight(#[from] lamplight_client::Error),
}

impl CliError {
    /// A usage error with this message.
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::Usage(message.into())
    }

    /// A runtime failure with this message.
    pub fn failed(message: impl Into<String>) -> Self {
        CliError::Failed(message.into())
    }

    /// The exit code this error ends the program with.
    pub fn exit(&self) -> Exit {
        match self {
            CliError::Usage(_) => Exit::Usage,
            CliError::Failed(_) => Exit::Lamplight,
            CliError::Lamplight(
                lamplight_client::Error::Configuration { .. } | lamplight_client::Error::Encode(_),
            ) => Exit::Usage,
            CliError::Lamplight(_) => Exit::Lamplight,
        }
    }
}

/// Redaction is lamplight-core's: the client never shows the key, and the command line uses the
/// same function as a second line of defence for messages it builds itself, such as argument
/// errors, which could quote whatever was typed.
pub use lamplight_core::redact;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_blanks_plain_and_encoded_keys() {
        let shown = redact("a key&x b key%26x c", Some("key&x"));
        assert_eq!(shown, "a [redacted] b [redacted] c");
        assert_eq!(redact("nothing", None), "nothing");
        assert_eq!(redact("x  y", Some(" ")), "x  y");
        // A short key is blanked where it stands alone, never inside a word.
        assert_eq!(
            redact("'3/1' is not a date like 2024-03-01 (key k)", Some("k")),
            "'3/1' is not a date like 2024-03-01 (key [redacted])"
        );
    }

    #[test]
    fn exit_codes_are_distinct() {
        let codes = [
            Exit::Success,
            Exit::Lamplight,
            Exit::Usage,
            Exit::ImportIncomplete,
            Exit::Interrupted,
        ]
        .map(Exit::code);
        assert_eq!(codes, [0, 1, 2, 3, 130]);
        let config = CliError::from(lamplight_client::Error::Configuration {
            kind: lamplight_client::ConfigurationKind::Credentials,
            message: "x".into(),
        });
        assert_eq!(config.exit(), Exit::Usage);
    }
}
